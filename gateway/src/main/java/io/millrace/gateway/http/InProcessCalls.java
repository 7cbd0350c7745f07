package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.SigningCredential;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The gateway's AWS actions called in-process for an {@link io.millrace.gateway.route.HttpRoute}: the same
 * authorizer and handlers as a call over the wire, minus the encoding and the signature (the route vouches for the
 * principal, having checked its key with {@link #signIn}).
 */
public final class InProcessCalls implements GatewayCalls {

    private final Map<String, AwsService> services = new LinkedHashMap<>();
    private final AuthMode mode;
    private final KeyDirectory keys;
    private final Authorizer authorizer;
    private final String accountId;
    private final Supplier<String> metrics;

    public InProcessCalls(
            List<AwsService> services,
            AuthMode mode,
            KeyDirectory keys,
            Authorizer authorizer,
            String accountId,
            Supplier<String> metrics) {
        this.metrics = metrics;
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
    private JsonNode plain(JsonNode output) {
        return CODEC.read(WireFormat.JSON, CODEC.write(WireFormat.JSON, output));
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
        if (service == null) {
            return CompletableFuture.failedFuture(
                    ApiException.unknownOperation("Unknown operation " + api + "." + action + "."));
        }
        AwsRequest call = new AwsRequest(
                api, action, input, WireFormat.JSON, context.region(), accountId, context.currentTime(), caller);
        try {
            GatewayRequestHandler.authorize(authorizer, caller, context, service, call);
            return service.handle(call).thenApply(this::plain);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
