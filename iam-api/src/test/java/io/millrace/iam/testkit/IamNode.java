package io.millrace.iam.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.iam.api.IamApi;
import io.millrace.iam.sts.StsApi;
import io.millrace.testkit.EmbeddedKafka;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One gateway's IAM service on the shared embedded broker, called as the gateway will call it: through its action
 * registries, with request trees as the Query protocol builds them (every scalar a string).
 */
public final class IamNode implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    /** A fixed IAM secret key, the same for every node of a test, as every gateway of a cluster shares it. */
    public static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IamService service;
    private final AwsService iam;
    private final AwsService sts;

    private IamNode(IamService service) {
        this.service = service;
        this.iam = api(service, IamApi.TARGET_PREFIX);
        this.sts = api(service, StsApi.TARGET_PREFIX);
    }

    public static IamNode start(String topic) {
        return start(topic, Map.of());
    }

    public static IamNode start(String topic, Map<String, String> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(IamConfig.TOPIC, topic);
        props.putIfAbsent(IamConfig.SECRET_KEY, SECRET_KEY);
        try {
            return new IamNode(
                    IamService.start(new IamConfig(props), new GatewayConfig(props).kafkaClientProperties(), ACCOUNT));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the IAM service", e);
        }
    }

    public IamService service() {
        return service;
    }

    public static Principal root() {
        return Principal.root(ACCOUNT);
    }

    /** A request tree of string members, as the Query protocol builds it: {@code form("UserName", "alice")}. */
    public static ObjectNode form(String... namesAndValues) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }

    /** An IAM action as the account's root. */
    public JsonNode iam(String action, JsonNode body) {
        return iam(action, body, root());
    }

    public JsonNode iam(String action, JsonNode body, Principal caller) {
        return call(iam, action, body, caller);
    }

    public JsonNode sts(String action, JsonNode body, Principal caller) {
        return call(sts, action, body, caller);
    }

    /** The permissions an IAM call needs, as the gateway asks before handling it. */
    public List<AccessRequest> iamAccess(String action, JsonNode body, Principal caller) {
        return iam.access(request(iam, action, body, caller));
    }

    public List<AccessRequest> stsAccess(String action, JsonNode body, Principal caller) {
        return sts.access(request(sts, action, body, caller));
    }

    /** The error an IAM action answers the root with; fails when it succeeds. */
    public ApiException iamError(String action, JsonNode body) {
        return iamError(action, body, root());
    }

    public ApiException iamError(String action, JsonNode body, Principal caller) {
        return error(iam, action, body, caller);
    }

    public ApiException stsError(String action, JsonNode body, Principal caller) {
        return error(sts, action, body, caller);
    }

    private static JsonNode call(AwsService api, String action, JsonNode body, Principal caller) {
        try {
            return api.handle(request(api, action, body, caller))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException thrown) {
                throw thrown;
            }
            if (e.getCause() instanceof CompletionException completion
                    && completion.getCause() instanceof ApiException wrapped) {
                throw wrapped;
            }
            throw new IllegalStateException(action + " failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(action + " failed", e);
        }
    }

    private static ApiException error(AwsService api, String action, JsonNode body, Principal caller) {
        try {
            JsonNode answer = call(api, action, body, caller);
            throw new AssertionError(action + " succeeded: " + answer);
        } catch (ApiException e) {
            return e;
        }
    }

    private static AwsRequest request(AwsService api, String action, JsonNode body, Principal caller) {
        return new AwsRequest(
                api.targetPrefix(), action, body, WireFormat.QUERY, "us-east-1", ACCOUNT, Instant.now(), caller);
    }

    private static AwsService api(IamService service, String prefix) {
        return service.apis().stream()
                .filter(api -> api.targetPrefix().equals(prefix))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        service.close();
    }
}
