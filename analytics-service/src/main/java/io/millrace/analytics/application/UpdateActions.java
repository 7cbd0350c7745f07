package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * UpdateApplication: the code, runtime properties, Flink and snapshot settings, the role and the runtime. The
 * update shapes ({@code ...Update} members) are folded into the stored configuration, which is checked as at
 * create; {@code ApplicationVersionId} goes up by one. A READY application just changes; a RUNNING one goes
 * UPDATING, its job stops (with a snapshot when snapshots are enabled) and the new version starts from it.
 */
final class UpdateActions {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:.*");
    // ApplicationVersionId: 1..999999999 in the model.
    private static final long MAX_VERSION = 999_999_999L;

    private final ApplicationStore store;
    private final ApplicationLifecycle lifecycle;
    private final ApplicationCode code;
    private final Executor requestWork;
    private final ExecutionRoles roles;

    UpdateActions(
            ApplicationStore store,
            ApplicationLifecycle lifecycle,
            ApplicationCode code,
            Executor requestWork,
            ExecutionRoles roles) {
        this.roles = roles;
        this.store = store;
        this.lifecycle = lifecycle;
        this.code = code;
        this.requestWork = requestWork;
    }

    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String name = ApplicationRequests.applicationName(body);
        Long expectedVersion = body.hasNonNull("CurrentApplicationVersionId")
                ? body.get("CurrentApplicationVersionId").asLong()
                : null;
        String role = Fields.text(body, "ServiceExecutionRoleUpdate");
        String runtime = Fields.text(body, "RuntimeEnvironmentUpdate");
        ApplicationRequests.refuseNewerFlink(runtime);
        ApplicationRequests.check(new Validation()
                .range("currentApplicationVersionId", expectedVersion, 1, MAX_VERSION)
                .length("serviceExecutionRoleUpdate", role, 1, 2048)
                .pattern("serviceExecutionRoleUpdate", role, ROLE_ARN)
                .oneOf("runtimeEnvironmentUpdate", runtime, ApplicationRequests.RUNTIMES));
        JsonNode changes = Fields.object(body, "ApplicationConfigurationUpdate");
        if (Fields.object(body, "RunConfigurationUpdate") != null
                || Fields.array(body, "CloudWatchLoggingOptionUpdates") != null) {
            throw ApplicationErrors.unsupportedOperation("RunConfigurationUpdate and CloudWatchLoggingOptionUpdates are"
                    + " not supported by Millrace: give the restore configuration to StartApplication.");
        }
        ApplicationMetadata current = store.application(name).orElseThrow(() -> ApplicationErrors.notFound(name));
        if (role != null) {
            roles.requireAssumable(role, current.getArn());
        }
        if (expectedVersion != null && expectedVersion != current.getApplicationVersionId()) {
            throw ApplicationErrors.concurrentModification("CurrentApplicationVersionId " + expectedVersion
                    + " is not the current version of application " + name + " (" + current.getApplicationVersionId()
                    + ").");
        }
        if (!List.of(Status.READY, Status.RUNNING).contains(current.getStatus())) {
            throw ApplicationErrors.wrongStatus(
                    name, current.getStatus(), "UpdateApplication", "READY or RUNNING status");
        }
        String newRuntime = runtime != null ? runtime : current.getRuntimeEnvironment();
        if (newRuntime.startsWith("ZEPPELIN")
                || ApplicationConfig.SQL_RUNTIME.equals(newRuntime)
                        != ApplicationConfig.SQL_RUNTIME.equals(current.getRuntimeEnvironment())) {
            throw ApplicationErrors.invalidArgument("RuntimeEnvironmentUpdate cannot turn a "
                    + current.getRuntimeEnvironment() + " application into a " + newRuntime + " one.");
        }
        ObjectNode merged = ApplicationShapes.configuration(current).deepCopy();
        if (changes != null) {
            merge(merged, changes);
        }
        ApplicationConfig config = ApplicationConfig.parse(merged, newRuntime, current.getCodeFile() != null);
        boolean newCode = changes != null && changes.has("ApplicationCodeConfigurationUpdate");
        AtomicReference<String> operationId = new AtomicReference<>();
        return CompletableFuture.supplyAsync(() -> code.validate(config, current.getCodeFile(), newCode), requestWork)
                .thenCompose(jar -> store.update(name, current.getIncarnation(), m -> {
                    if (m.getApplicationVersionId() != current.getApplicationVersionId()) {
                        throw ApplicationErrors.concurrentModification("Application " + name
                                + " changed while it was being" + " updated: describe it and try again.");
                    }
                    if (!List.of(Status.READY, Status.RUNNING).contains(m.getStatus())) {
                        throw ApplicationErrors.wrongStatus(
                                name, m.getStatus(), "UpdateApplication", "READY or RUNNING status");
                    }
                    if (Status.RUNNING.equals(m.getStatus()) && config.snapshotsEnabled()) {
                        ApplicationActions.refuseSnapshotDuringDowntime(m);
                    }
                    operationId.set(OperationActions.begin(m, "UpdateApplication"));
                    OperationActions.versions(
                            m, operationId.get(), m.getApplicationVersionId(), m.getApplicationVersionId() + 1);
                    m.setApplicationVersionId(m.getApplicationVersionId() + 1);
                    m.setRuntimeEnvironment(newRuntime);
                    if (role != null) {
                        m.setServiceExecutionRole(role);
                    }
                    m.setConfiguration(config.withoutZipFileContent().toString());
                    if (jar != null) {
                        keepJar(m, jar);
                    }
                    if (Status.RUNNING.equals(m.getStatus())) {
                        m.setStatus(Status.UPDATING);
                    } else {
                        OperationActions.finish(m, null);
                    }
                    return m;
                }))
                .thenApply(updated -> {
                    if (updated == null) {
                        throw ApplicationErrors.notFound(name);
                    }
                    if (Status.UPDATING.equals(updated.getStatus())) {
                        lifecycle.restart(updated, config.snapshotsEnabled());
                    }
                    ObjectNode response = ApplicationShapes.JSON.createObjectNode();
                    response.set("ApplicationDetail", ApplicationShapes.detail(updated));
                    response.put("OperationId", operationId.get());
                    return response;
                });
    }

    private void keepJar(ApplicationMetadata next, byte[] jar) {
        try {
            ApplicationCode.StoredJar stored = code.store(next, jar);
            next.setCodeFile(stored.file());
            next.setCodeMd5(stored.md5());
            next.setCodeSize(stored.size());
        } catch (IOException e) {
            throw ApiException.internalFailure("Could not keep the application's jar: " + e.getMessage());
        }
    }

    /**
     * Folds an update shape into a configuration: {@code XUpdate}/{@code XUpdates} members set {@code X}
     * ({@code EnvironmentPropertyUpdates} sets {@code EnvironmentProperties}); structures merge member by member,
     * except the code content, which a new one replaces whole, and lists, which are replaced.
     */
    static void merge(ObjectNode target, JsonNode update) {
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = memberOf(entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isObject()
                    && !key.equals("CodeContent")
                    && target.path(key).isObject()) {
                merge((ObjectNode) target.get(key), value);
            } else if (value.isObject()) {
                ObjectNode fresh = ApplicationShapes.JSON.createObjectNode();
                merge(fresh, value);
                target.set(key, fresh);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static String memberOf(String updateMember) {
        if (updateMember.equals("EnvironmentPropertyUpdates")) {
            return "EnvironmentProperties";
        }
        if (updateMember.endsWith("Updates")) {
            return updateMember.substring(0, updateMember.length() - "Updates".length()) + "s";
        }
        if (updateMember.endsWith("Update")) {
            return updateMember.substring(0, updateMember.length() - "Update".length());
        }
        return updateMember;
    }
}
