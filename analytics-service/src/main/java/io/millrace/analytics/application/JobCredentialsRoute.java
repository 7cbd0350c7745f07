package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.analytics.access.RoleCredentials;
import io.millrace.gateway.access.ServiceCredentials;
import io.millrace.gateway.access.ServiceGrant;
import io.millrace.gateway.route.HttpRoute;
import io.millrace.gateway.route.RouteRequest;
import io.millrace.gateway.route.RouteResponse;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials endpoint of running jobs ({@code GET} {@value RoleCredentials#PATH}, the job's grant as
 * {@code Authorization}), answered as ECS's container credentials endpoint answers the SDK's container provider:
 * {@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}. The service assumes the
 * application's role again for it, as AWS renews a Managed Service for Apache Flink job's credentials: only while the
 * grant's application exists, is not {@code READY} (a job of it may run) and still has that role, and while the
 * role's trust policy lets {@code kinesisanalytics.amazonaws.com} assume it for the application; otherwise 403 with
 * the reason, and the job's credentials run out.
 */
final class JobCredentialsRoute implements HttpRoute {

    private static final Logger LOG = LoggerFactory.getLogger(JobCredentialsRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Statuses in which no job of the application runs. */
    private static final Set<String> NOT_RUNNING = Set.of(Status.READY, Status.DELETING);

    private final ExecutionRoles roles;
    private final ApplicationStore store;
    private final Executor executor;

    JobCredentialsRoute(ExecutionRoles roles, ApplicationStore store, Executor executor) {
        this.roles = roles;
        this.store = store;
        this.executor = executor;
    }

    @Override
    public String prefix() {
        return RoleCredentials.PATH;
    }

    @Override
    public CompletionStage<RouteResponse> handle(RouteRequest request) {
        if (!request.method().equals("GET") || !request.path().equals(RoleCredentials.PATH)) {
            return CompletableFuture.completedFuture(error(405, "MethodNotAllowed", "GET " + RoleCredentials.PATH));
        }
        String authorization = request.header("authorization");
        // Sealing and opening is CPU work off the gateway's I/O threads.
        return CompletableFuture.supplyAsync(() -> renew(authorization), executor);
    }

    private RouteResponse renew(String authorization) {
        Optional<ServiceGrant> opened =
                authorization == null ? Optional.empty() : roles.openGrant(authorization.trim());
        if (opened.isEmpty()) {
            return error(403, "AccessDenied", "The credentials grant is not valid.");
        }
        ServiceGrant grant = opened.get();
        String applicationArn = grant.caller().sourceArn();
        String name = applicationArn == null ? "" : applicationArn.substring(applicationArn.lastIndexOf('/') + 1);
        Optional<ApplicationMetadata> application = store.application(name)
                .filter(app -> app.getArn().equals(applicationArn))
                .filter(app -> !NOT_RUNNING.contains(app.getStatus()))
                .filter(app -> grant.roleArn().equals(app.getServiceExecutionRole()));
        if (application.isEmpty()) {
            LOG.info("Application {}: credentials not renewed, no job of it runs as {}", name, grant.roleArn());
            return error(
                    403, "AccessDenied", "Application " + applicationArn + " runs no job as " + grant.roleArn() + ".");
        }
        Optional<String> problem = roles.problemAssuming(grant);
        Optional<ServiceCredentials> credentials =
                problem.isPresent() ? Optional.empty() : roles.credentials(grant.roleArn());
        if (credentials.isEmpty()) {
            LOG.info("Application {}: credentials not renewed: {}", name, problem.orElse("no such role"));
            return error(
                    403,
                    "AccessDenied",
                    "Kinesis Analytics service doesn't have sufficient privileges to assume the role "
                            + grant.roleArn());
        }
        ServiceCredentials issued = credentials.get();
        LOG.info(
                "Application {}: job credentials of {} renewed until {}",
                name,
                issued.sessionArn(),
                issued.expiresAt());
        ObjectNode answer = JSON.createObjectNode()
                .put("Code", "Success")
                .put("Type", "AWS-HMAC")
                .put("AccessKeyId", issued.accessKeyId())
                .put("SecretAccessKey", issued.secretAccessKey())
                .put("Token", issued.sessionToken())
                .put("Expiration", issued.expiresAt().toString())
                .put("RoleArn", grant.roleArn());
        return RouteResponse.of(200, "application/json", answer.toString());
    }

    private static RouteResponse error(int status, String code, String message) {
        return RouteResponse.of(
                status,
                "application/json",
                JSON.createObjectNode()
                        .put("Code", code)
                        .put("Message", message)
                        .toString());
    }
}
