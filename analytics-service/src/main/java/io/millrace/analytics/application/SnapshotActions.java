package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.analytics.ApplicationMetadata;
import io.millrace.schemas.analytics.ApplicationSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * CreateApplicationSnapshot, ListApplicationSnapshots, DescribeApplicationSnapshot and DeleteApplicationSnapshot.
 * A snapshot is a Flink savepoint of the application's job, kept under the savepoint directory.
 */
final class SnapshotActions {

    // AWS's quota: 1,000 snapshots per application.
    private static final int MAX_SNAPSHOTS = 1000;

    private final ApplicationStore store;
    private final ApplicationLifecycle lifecycle;

    SnapshotActions(ApplicationStore store, ApplicationLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        String snapshotName = ApplicationRequests.snapshotName(request.body());
        ApplicationMetadata app = find(name);
        if (!ApplicationConfig.stored(ApplicationShapes.configuration(app), app.getRuntimeEnvironment())
                .snapshotsEnabled()) {
            throw ApplicationErrors.invalidApplicationConfiguration("Snapshots are disabled for application " + name
                    + ": enable ApplicationSnapshotConfiguration.SnapshotsEnabled.");
        }
        long now = System.currentTimeMillis();
        return store.update(name, app.getIncarnation(), current -> {
                    if (!Status.RUNNING.equals(current.getStatus()) || current.getJobId() == null) {
                        throw ApplicationErrors.wrongStatus(
                                name, current.getStatus(), "CreateApplicationSnapshot", "RUNNING status");
                    }
                    ApplicationActions.refuseSnapshotDuringDowntime(current);
                    if (current.getSnapshots().stream()
                            .anyMatch(s -> s.getName().equals(snapshotName))) {
                        throw ApplicationErrors.invalidArgument(
                                "Snapshot " + snapshotName + " of application " + name + " already exists.");
                    }
                    if (current.getSnapshots().size() >= MAX_SNAPSHOTS) {
                        throw ApplicationErrors.limitExceeded("Application " + name + " has the maximum of "
                                + MAX_SNAPSHOTS + " snapshots: delete some first.");
                    }
                    List<ApplicationSnapshot> snapshots = new ArrayList<>(current.getSnapshots());
                    snapshots.add(
                            ApplicationLifecycle.snapshot(current, snapshotName, Status.SNAPSHOT_CREATING, now, null));
                    current.setSnapshots(snapshots);
                    return current;
                })
                .thenApply(updated -> {
                    if (updated == null) {
                        throw ApplicationErrors.notFound(name);
                    }
                    lifecycle.snapshot(updated, snapshotName);
                    return (JsonNode) ApplicationShapes.JSON.createObjectNode();
                });
    }

    JsonNode list(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        List<ApplicationSnapshot> snapshots = new ArrayList<>(find(name).getSnapshots());
        snapshots.sort(Comparator.comparingLong(ApplicationSnapshot::getCreatedAtMillis)
                .thenComparing(ApplicationSnapshot::getName));
        ApplicationRequests.Page page = ApplicationRequests.page(request.body(), snapshots.size());
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        ArrayNode summaries = response.putArray("SnapshotSummaries");
        for (ApplicationSnapshot snapshot : snapshots.subList(page.from(), page.to())) {
            summaries.add(ApplicationShapes.snapshot(snapshot));
        }
        if (page.nextToken() != null) {
            response.put("NextToken", page.nextToken());
        }
        return response;
    }

    JsonNode describe(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        String snapshotName = ApplicationRequests.snapshotName(request.body());
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        response.set("SnapshotDetails", ApplicationShapes.snapshot(findSnapshot(find(name), snapshotName)));
        return response;
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = ApplicationRequests.applicationName(request.body());
        String snapshotName = ApplicationRequests.snapshotName(request.body());
        Instant created = Fields.timestamp(request.body(), "SnapshotCreationTimestamp", request.format());
        ApplicationRequests.check(new Validation().required("snapshotCreationTimestamp", created));
        ApplicationMetadata app = find(name);
        ApplicationSnapshot snapshot = findSnapshot(app, snapshotName);
        if (created.getEpochSecond() != snapshot.getCreatedAtMillis() / 1000) {
            throw ApplicationErrors.invalidArgument("SnapshotCreationTimestamp " + created
                    + " does not match the creation"
                    + " time of snapshot " + snapshotName + " (" + Instant.ofEpochMilli(snapshot.getCreatedAtMillis())
                    + ").");
        }
        return store.update(name, app.getIncarnation(), current -> {
                    List<ApplicationSnapshot> snapshots = new ArrayList<>();
                    for (ApplicationSnapshot s : current.getSnapshots()) {
                        if (s.getName().equals(snapshotName)) {
                            if (Status.SNAPSHOT_CREATING.equals(s.getStatus())
                                    || Status.SNAPSHOT_DELETING.equals(s.getStatus())) {
                                throw ApplicationErrors.resourceInUse(
                                        "Snapshot " + snapshotName + " is " + s.getStatus() + ".");
                            }
                            s = ApplicationSnapshot.newBuilder(s)
                                    .setStatus(Status.SNAPSHOT_DELETING)
                                    .build();
                        }
                        snapshots.add(s);
                    }
                    current.setSnapshots(snapshots);
                    return current;
                })
                .thenApply(updated -> {
                    if (updated == null) {
                        throw ApplicationErrors.notFound(name);
                    }
                    lifecycle.deleteSnapshot(updated, snapshot);
                    return (JsonNode) ApplicationShapes.JSON.createObjectNode();
                });
    }

    private ApplicationMetadata find(String name) {
        return store.application(name).orElseThrow(() -> ApplicationErrors.notFound(name));
    }

    private static ApplicationSnapshot findSnapshot(ApplicationMetadata app, String snapshotName) {
        return app.getSnapshots().stream()
                .filter(s -> s.getName().equals(snapshotName))
                .findFirst()
                .orElseThrow(() -> ApplicationErrors.resourceNotFound(
                        "Snapshot " + snapshotName + " of application " + app.getName() + " not found."));
    }
}
