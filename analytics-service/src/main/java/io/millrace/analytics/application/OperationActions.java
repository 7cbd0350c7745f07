package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.analytics.ApplicationMetadata;
import io.millrace.schemas.analytics.ApplicationOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * ListApplicationOperations and DescribeApplicationOperation, and the operations they show, kept in the application's
 * record: each StartApplication, StopApplication and UpdateApplication (IN_PROGRESS until the application has moved,
 * then SUCCESSFUL, or FAILED with the reason as its ErrorString), and each failure cause of the running job
 * ({@value #JOB_FAILURE}, FAILED with the job's root exception).
 */
final class OperationActions {

    /** The operation a failure of a RUNNING application's job is recorded as, once per root cause. */
    static final String JOB_FAILURE = "FlinkJobFailure";

    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String SUCCESSFUL = "SUCCESSFUL";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";
    /** Operations kept per application, the oldest dropped first. */
    static final int MAX_OPERATIONS = 100;
    /** ErrorString: 1..512 characters. */
    private static final int MAX_ERROR = 512;

    private final ApplicationStore store;

    OperationActions(ApplicationStore store) {
        this.store = store;
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String name = ApplicationRequests.applicationName(body);
        String operation = Fields.text(body, "Operation");
        String status = Fields.text(body, "OperationStatus");
        ApplicationRequests.check(new Validation()
                .length("operation", operation, 1, 64)
                .oneOf("operationStatus", status, List.of(IN_PROGRESS, CANCELLED, SUCCESSFUL, FAILED)));
        List<ApplicationOperation> matching = new ArrayList<>();
        for (ApplicationOperation op : find(name).getOperations()) {
            if ((operation == null || operation.equals(op.getOperation()))
                    && (status == null || status.equals(op.getStatus()))) {
                matching.add(0, op);
            }
        }
        ApplicationRequests.Page page = ApplicationRequests.page(body, matching.size());
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        ArrayNode list = response.putArray("ApplicationOperationInfoList");
        for (ApplicationOperation op : matching.subList(page.from(), page.to())) {
            ObjectNode info = list.addObject();
            info.put("Operation", op.getOperation());
            info.put("OperationId", op.getOperationId());
            times(info, op);
            info.put("OperationStatus", op.getStatus());
        }
        if (page.nextToken() != null) {
            response.put("NextToken", page.nextToken());
        }
        return response;
    }

    JsonNode describe(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        String id = Fields.text(request.body(), "OperationId");
        ApplicationRequests.check(new Validation().required("operationId", id).length("operationId", id, 1, 64));
        ApplicationOperation op = find(name).getOperations().stream()
                .filter(o -> o.getOperationId().equals(id))
                .findFirst()
                .orElseThrow(() -> ApplicationErrors.resourceNotFound(
                        "Operation " + id + " of application " + name + " not found."));
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        ObjectNode details = response.putObject("ApplicationOperationInfoDetails");
        details.put("Operation", op.getOperation());
        times(details, op);
        details.put("OperationStatus", op.getStatus());
        if (op.getVersionTo() > 0) {
            details.putObject("ApplicationVersionChangeDetails")
                    .put("ApplicationVersionUpdatedFrom", op.getVersionFrom())
                    .put("ApplicationVersionUpdatedTo", op.getVersionTo());
        }
        if (op.getErrorString() != null) {
            details.putObject("OperationFailureDetails").putObject("ErrorInfo").put("ErrorString", op.getErrorString());
        }
        return response;
    }

    private static void times(ObjectNode node, ApplicationOperation op) {
        node.putPOJO("StartTime", Instant.ofEpochMilli(op.getStartedAtMillis()));
        if (op.getEndedAtMillis() > 0) {
            node.putPOJO("EndTime", Instant.ofEpochMilli(op.getEndedAtMillis()));
        }
    }

    private ApplicationMetadata find(String name) {
        return store.application(name).orElseThrow(() -> ApplicationErrors.notFound(name));
    }

    /**
     * Adds an IN_PROGRESS operation to {@code app} (any other one still in progress is CANCELLED: the new request
     * superseded it) and returns its id, as the request's answer gives it.
     */
    static String begin(ApplicationMetadata app, String operation) {
        long now = System.currentTimeMillis();
        List<ApplicationOperation> ops = new ArrayList<>();
        for (ApplicationOperation op : app.getOperations()) {
            ops.add(IN_PROGRESS.equals(op.getStatus()) ? ended(op, CANCELLED, null, now) : op);
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        ops.add(ApplicationOperation.newBuilder()
                .setOperationId(id)
                .setOperation(operation)
                .setStatus(IN_PROGRESS)
                .setStartedAtMillis(now)
                .build());
        app.setOperations(trim(ops));
        return id;
    }

    /** Records on {@code app} the versions an UpdateApplication operation moved between. */
    static void versions(ApplicationMetadata app, String operationId, long from, long to) {
        app.setOperations(app.getOperations().stream()
                .map(op -> op.getOperationId().equals(operationId)
                        ? ApplicationOperation.newBuilder(op)
                                .setVersionFrom(from)
                                .setVersionTo(to)
                                .build()
                        : op)
                .toList());
    }

    /** Ends every operation in progress: SUCCESSFUL, or FAILED with {@code failure} as its ErrorString. */
    static void finish(ApplicationMetadata app, String failure) {
        long now = System.currentTimeMillis();
        app.setOperations(app.getOperations().stream()
                .map(op -> IN_PROGRESS.equals(op.getStatus())
                        ? ended(op, failure == null ? SUCCESSFUL : FAILED, failure, now)
                        : op)
                .toList());
    }

    /** Adds a FAILED {@value #JOB_FAILURE} operation for a root cause the running job failed with at {@code at}. */
    static void jobFailed(ApplicationMetadata app, String cause, long at) {
        List<ApplicationOperation> ops = new ArrayList<>(app.getOperations());
        ops.add(ended(
                ApplicationOperation.newBuilder()
                        .setOperationId(
                                UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                        .setOperation(JOB_FAILURE)
                        .setStatus(IN_PROGRESS)
                        .setStartedAtMillis(at)
                        .build(),
                FAILED,
                cause,
                at));
        app.setOperations(trim(ops));
    }

    private static ApplicationOperation ended(ApplicationOperation op, String status, String error, long at) {
        String text = error == null || error.isEmpty()
                ? null
                : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR - 3) + "..." : error;
        return ApplicationOperation.newBuilder(op)
                .setStatus(status)
                .setEndedAtMillis(at)
                .setErrorString(text)
                .build();
    }

    private static List<ApplicationOperation> trim(List<ApplicationOperation> ops) {
        return ops.size() <= MAX_OPERATIONS
                ? ops
                : new ArrayList<>(ops.subList(ops.size() - MAX_OPERATIONS, ops.size()));
    }
}
