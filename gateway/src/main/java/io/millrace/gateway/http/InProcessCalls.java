package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.route.GatewayCalls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The gateway's AWS actions called in-process for an {@link io.millrace.gateway.route.HttpRoute}: the same
 * authorizer and handlers as a call over the wire, minus the encoding and the signature (the route vouches for the
 * principal, having checked its key with {@link #signIn}). Every call is in the audit trail before its answer, as
 * a call over the wire is: CloudTrail records what a console user does like any other call.
 */
public final class InProcessCalls implements GatewayCalls {

    private final Map<String, AwsService> services = new LinkedHashMap<>();
    private final AuthMode mode;
    private final KeyDirectory keys;
    private final Authorizer authorizer;
    private final String accountId;
    private final String defaultRegion;
    private final Supplier<String> metrics;
    private final AuditTrail audit;
    private final FailureAnswers failures = FailureAnswers.create();

    public InProcessCalls(
            List<AwsService> services,
            AuthMode mode,
            KeyDirectory keys,
            Authorizer authorizer,
            String accountId,
            String defaultRegion,
            Supplier<String> metrics,
            AuditTrail audit) {
        this.metrics = metrics;
        this.defaultRegion = defaultRegion;
        this.audit = audit;
        services.forEach(service -> this.services.put(service.targetPrefix(), service));
        this.mode = mode;
        this.keys = keys;
        this.authorizer = authorizer;
        this.accountId = accountId;
    }

    /**
     * The output as the JSON protocol carries it (blobs in base64, timestamps in epoch seconds): an action may answer
     * with objects that write themselves straight to the wire (GetRecords' records), which a route cannot read.
     */
    private static JsonNode plain(JsonNode output) {
        return CODEC.read(WireFormat.JSON, CODEC.write(WireFormat.JSON, output));
    }

    /** An event stream's reply is handed over as it is, for the caller to start with a sink of its own. */
    private static JsonNode plainUnlessStream(JsonNode output) {
        return output instanceof POJONode pojo && pojo.getPojo() instanceof EventStreamReply ? output : plain(output);
    }

    private static final WireCodec CODEC = new WireCodec();

    @Override
    public AuthMode mode() {
        return mode;
    }

    @Override
    public Principal openModeCaller() {
        return Principal.root(accountId);
    }

    @Override
    public String metricsText() {
        return metrics.get();
    }

    @Override
    public boolean hosts(String api) {
        return services.containsKey(api);
    }

    @Override
    public Optional<Principal> signIn(String accessKeyId, String secretAccessKey) {
        if (accessKeyId == null || secretAccessKey == null || accessKeyId.isEmpty()) {
            return Optional.empty();
        }
        return keys.find(accessKeyId, null)
                .filter(key -> key.sessionToken().isEmpty())
                .filter(key -> MessageDigest.isEqual(
                        key.secretAccessKey().getBytes(StandardCharsets.UTF_8),
                        secretAccessKey.getBytes(StandardCharsets.UTF_8)))
                .map(SigningCredential::principal);
    }

    @Override
    public CompletionStage<JsonNode> call(
            Principal caller, RequestContext context, String api, String action, JsonNode input) {
        AwsService service = services.get(api);
        String region = context.region() != null ? context.region() : defaultRegion;
        CompletionStage<JsonNode> answer;
        if (service == null) {
            answer = CompletableFuture.failedFuture(
                    ApiException.unknownOperation("Unknown operation " + api + "." + action + "."));
        } else {
            AwsRequest call = new AwsRequest(
                    api, action, input, WireFormat.JSON, region, accountId, context.currentTime(), caller);
            try {
                GatewayRequestHandler.authorize(authorizer, caller, context, service, call);
                answer = service.handle(call).thenApply(InProcessCalls::plainUnlessStream);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
        }
        return answer.handle((output, error) -> recorded(caller, context, region, api, action, input, output, error))
                .thenCompose(recorded -> recorded);
    }

    /** The answer, once the trail holds the call; InternalFailure when it cannot take it, as over the wire. */
    private CompletionStage<JsonNode> recorded(
            Principal caller,
            RequestContext context,
            String region,
            String api,
            String action,
            JsonNode input,
            JsonNode output,
            Throwable error) {
        ApiException failure = error == null ? null : failures.answer(error, api + "." + action);
        ApiCall event = new ApiCall(
                UUID.randomUUID().toString(),
                context.currentTime(),
                api,
                action,
                null,
                region,
                accountId,
                caller,
                null,
                false,
                context.sourceIp(),
                context.userAgent(),
                null,
                input,
                failure == null ? output : null,
                failure);
        return audit.record(event).handle((done, auditFailure) -> {
            if (auditFailure != null) {
                throw ApiException.internalFailure("Internal service failure.");
            }
            if (failure != null) {
                throw failure;
            }
            return output;
        });
    }
}
