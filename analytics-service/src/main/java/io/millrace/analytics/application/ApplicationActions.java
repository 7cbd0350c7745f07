package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * CreateApplication, DescribeApplication, ListApplications, DeleteApplication, StartApplication and
 * StopApplication. Each checks the request and the status, writes the next status (STARTING, STOPPING, DELETING)
 * and hands the slow part to {@link ApplicationLifecycle}, as AWS answers before the application has moved.
 */
final class ApplicationActions {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:.*");

    private final ApplicationStore store;
    private final ApplicationLifecycle lifecycle;
    private final ApplicationCode code;
    private final Executor requestWork;
    private final int maxApplications;

    private final ExecutionRoles roles;

    ApplicationActions(
            ApplicationStore store,
            ApplicationLifecycle lifecycle,
            ApplicationCode code,
            Executor requestWork,
            int maxApplications,
            ExecutionRoles roles) {
        this.roles = roles;
        this.store = store;
        this.lifecycle = lifecycle;
        this.code = code;
        this.requestWork = requestWork;
        this.maxApplications = maxApplications;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = ApplicationRequests.applicationName(body);
        String runtime = Fields.text(body, "RuntimeEnvironment");
        String role = Fields.text(body, "ServiceExecutionRole");
        String description = Fields.text(body, "ApplicationDescription");
        String mode = Fields.text(body, "ApplicationMode");
        ApplicationRequests.refuseNewerFlink(runtime);
        ApplicationRequests.check(new Validation()
                .required("runtimeEnvironment", runtime)
                .oneOf("runtimeEnvironment", runtime, ApplicationRequests.RUNTIMES)
                .required("serviceExecutionRole", role)
                .length("serviceExecutionRole", role, 1, 2048)
                .pattern("serviceExecutionRole", role, ROLE_ARN)
                .length("applicationDescription", description, 0, 1024)
                .oneOf("applicationMode", mode, List.of("STREAMING", "INTERACTIVE")));
        if (runtime.startsWith("ZEPPELIN") || "INTERACTIVE".equals(mode)) {
            throw ApplicationErrors.unsupportedOperation(
                    "Studio notebooks (ZEPPELIN-FLINK runtimes, INTERACTIVE mode)" + " are not supported by Millrace.");
        }
        Map<String, String> tags = ApplicationRequests.tags(body);
        if (tags.size() > TagActions.MAX_TAGS) {
            throw ApplicationErrors.tooManyTags(
                    "An application has at most " + TagActions.MAX_TAGS + " tags, not " + tags.size() + ".");
        }
        ApplicationConfig config = ApplicationConfig.parse(Fields.object(body, "ApplicationConfiguration"), runtime);
        String arn =
                "arn:aws:kinesisanalytics:" + request.region() + ":" + request.accountId() + ":application/" + name;
        roles.requireAssumable(role, arn);
        long now = System.currentTimeMillis();
        ApplicationMetadata created = ApplicationMetadata.newBuilder()
                .setName(name)
                .setArn(arn)
                .setIncarnation(UUID.randomUUID().toString())
                .setVersion(1)
                .setApplicationVersionId(1)
                .setStatus(Status.READY)
                .setRuntimeEnvironment(runtime)
                .setDescription(description)
                .setServiceExecutionRole(role)
                .setApplicationMode("STREAMING")
                .setConfiguration(config.withoutZipFileContent().toString())
                .setCreatedAtMillis(now)
                .setUpdatedAtMillis(now)
                .setTags(tags)
                .build();
        return store.sync()
                .thenApply(ignored -> {
                    if (store.application(name).isPresent()) {
                        throw ApplicationErrors.resourceInUse("Application " + name + " already exists.");
                    }
                    if (store.applications().size() >= maxApplications) {
                        // AWS's quota: 50 applications per Region per account by default.
                        throw ApplicationErrors.limitExceeded(
                                "You have reached the maximum of " + maxApplications + " applications.");
                    }
                    return null;
                })
                // Planning a script takes a TableEnvironment and a second or so: not on the gateway's I/O threads.
                .thenApplyAsync(
                        ignored -> {
                            byte[] jar = code.validate(config, null, true);
                            try {
                                if (jar != null) {
                                    ApplicationCode.StoredJar stored = code.store(created, jar);
                                    created.setCodeFile(stored.file());
                                    created.setCodeMd5(stored.md5());
                                    created.setCodeSize(stored.size());
                                }
                            } catch (IOException e) {
                                throw ApiException.internalFailure(
                                        "Could not keep the application's jar: " + e.getMessage());
                            }
                            return null;
                        },
                        requestWork)
                .thenCompose(ignored -> store.write(created))
                .thenApply(written -> {
                    ObjectNode response = ApplicationShapes.JSON.createObjectNode();
                    response.set("ApplicationDetail", ApplicationShapes.detail(written));
                    return response;
                });
    }

    JsonNode describe(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        Fields.bool(request.body(), "IncludeAdditionalDetails");
        ApplicationMetadata app = find(name);
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        response.set("ApplicationDetail", ApplicationShapes.detail(app));
        return response;
    }

    JsonNode list(AwsRequest request) {
        int limit = ApplicationRequests.limit(request.body());
        String after = Fields.text(request.body(), "NextToken");
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        ArrayNode summaries = response.putArray("ApplicationSummaries");
        String last = null;
        boolean more = false;
        for (ApplicationMetadata app : store.applications()) {
            if (after != null && app.getName().compareTo(after) <= 0) {
                continue;
            }
            if (summaries.size() == limit) {
                more = true;
                break;
            }
            summaries.add(ApplicationShapes.summary(app));
            last = app.getName();
        }
        if (more) {
            // NextToken is an ApplicationName in the model: the last one returned.
            response.put("NextToken", last);
        }
        return response;
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        Instant created = Fields.timestamp(request.body(), "CreateTimestamp", request.format());
        ApplicationRequests.check(new Validation().required("createTimestamp", created));
        ApplicationMetadata app = find(name);
        if (created.getEpochSecond() != app.getCreatedAtMillis() / 1000) {
            throw ApplicationErrors.invalidArgument(
                    "CreateTimestamp " + created + " does not match the creation time of" + " application " + name
                            + " (" + Instant.ofEpochMilli(app.getCreatedAtMillis()) + ").");
        }
        return transition(
                        app,
                        "DeleteApplication",
                        List.of(Status.READY, Status.RUNNING, Status.STARTING),
                        "READY, STARTING or RUNNING status",
                        m -> {
                            m.setStatus(Status.DELETING);
                            return m;
                        })
                .thenApply(deleting -> {
                    lifecycle.delete(deleting);
                    return ApplicationShapes.JSON.createObjectNode();
                });
    }

    CompletionStage<JsonNode> start(AwsRequest request) {
        JsonNode body = request.body();
        String name = ApplicationRequests.applicationName(body);
        JsonNode run = Fields.object(body, "RunConfiguration");
        JsonNode restore = run == null ? null : Fields.object(run, "ApplicationRestoreConfiguration");
        String restoreType = restore == null ? Status.RESTORE_LATEST : Fields.text(restore, "ApplicationRestoreType");
        String snapshotName = restore == null ? null : Fields.text(restore, "SnapshotName");
        ApplicationRequests.check(new Validation()
                .required("runConfiguration.applicationRestoreConfiguration.applicationRestoreType", restoreType)
                .oneOf(
                        "runConfiguration.applicationRestoreConfiguration.applicationRestoreType",
                        restoreType,
                        ApplicationRequests.RESTORE_TYPES)
                .length("runConfiguration.applicationRestoreConfiguration.snapshotName", snapshotName, 1, 256));
        if (Status.RESTORE_CUSTOM.equals(restoreType) && snapshotName == null) {
            throw ApplicationErrors.invalidArgument("RESTORE_FROM_CUSTOM_SNAPSHOT needs a SnapshotName.");
        }
        ApplicationMetadata app = find(name);
        roles.requireAssumable(app.getServiceExecutionRole(), app.getArn());
        ApplicationConfig config =
                ApplicationConfig.stored(ApplicationShapes.configuration(app), app.getRuntimeEnvironment());
        if (!config.hasCode()) {
            throw ApplicationErrors.invalidApplicationConfiguration(
                    "Application " + name + " has no code: give it an" + " ApplicationCodeConfiguration first.");
        }
        if (Status.RESTORE_CUSTOM.equals(restoreType)
                && app.getSnapshots().stream()
                        .noneMatch(
                                s -> s.getName().equals(snapshotName) && Status.SNAPSHOT_READY.equals(s.getStatus()))) {
            throw ApplicationErrors.resourceNotFound(
                    "Snapshot " + snapshotName + " of application " + name + " not found.");
        }
        AtomicReference<String> operationId = new AtomicReference<>();
        return transition(app, "StartApplication", List.of(Status.READY), "READY status", m -> {
                    operationId.set(OperationActions.begin(m, "StartApplication"));
                    m.setStatus(Status.STARTING);
                    m.setRestoreType(restoreType);
                    m.setRestoreSnapshotName(Status.RESTORE_CUSTOM.equals(restoreType) ? snapshotName : null);
                    m.setResumeFrom(null);
                    return m;
                })
                .thenApply(starting -> {
                    lifecycle.start(starting);
                    return operation(operationId.get());
                });
    }

    CompletionStage<JsonNode> stop(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        boolean force = Boolean.TRUE.equals(Fields.bool(request.body(), "Force"));
        ApplicationMetadata app = find(name);
        List<String> allowed =
                force ? List.of(Status.STARTING, Status.RUNNING, Status.UPDATING) : List.of(Status.RUNNING);
        boolean snapshot = !force
                && ApplicationConfig.stored(ApplicationShapes.configuration(app), app.getRuntimeEnvironment())
                        .snapshotsEnabled();
        AtomicReference<String> operationId = new AtomicReference<>();
        return transition(
                        app,
                        "StopApplication",
                        allowed,
                        force
                                ? "STARTING, RUNNING or UPDATING status"
                                : "RUNNING status (Force=true stops a starting application)",
                        m -> {
                            if (snapshot) {
                                refuseSnapshotDuringDowntime(m);
                            }
                            operationId.set(OperationActions.begin(m, "StopApplication"));
                            m.setStatus(force ? Status.FORCE_STOPPING : Status.STOPPING);
                            return m;
                        })
                .thenApply(stopping -> {
                    lifecycle.stop(stopping, snapshot);
                    return operation(operationId.get());
                });
    }

    /** Writes the change when the application is in one of {@code allowed}, else ResourceInUseException. */
    private CompletableFuture<ApplicationMetadata> transition(
            ApplicationMetadata app,
            String action,
            List<String> allowed,
            String expected,
            UnaryOperator<ApplicationMetadata> change) {
        return store.update(app.getName(), app.getIncarnation(), current -> {
                    if (!allowed.contains(current.getStatus())) {
                        throw ApplicationErrors.wrongStatus(app.getName(), current.getStatus(), action, expected);
                    }
                    return change.apply(current);
                })
                .thenApply(updated -> {
                    if (updated == null) {
                        throw ApplicationErrors.notFound(app.getName());
                    }
                    return updated;
                });
    }

    private ApplicationMetadata find(String name) {
        return store.application(name).orElseThrow(() -> ApplicationErrors.notFound(name));
    }

    private static ObjectNode operation(String operationId) {
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        response.put("OperationId", operationId);
        return response;
    }

    /**
     * AWS takes no snapshot of an application whose job is failing: the request (a snapshot, or a stop or update
     * that takes one) is refused until the job recovers, or is made without a snapshot.
     */
    static void refuseSnapshotDuringDowntime(ApplicationMetadata app) {
        if (!app.getJobFailures().isEmpty()) {
            throw ApplicationErrors.invalidApplicationConfiguration("Failed to take snapshot for the application "
                    + app.getName() + " at this moment. The application is currently experiencing downtime: its job is"
                    + " failing with "
                    + app.getJobFailures().get(app.getJobFailures().size() - 1) + ". Retry the request"
                    + " once it runs again, or without a snapshot (disable ApplicationSnapshotConfiguration.SnapshotsEnabled,"
                    + " or stop it with Force=true).");
        }
    }
}
