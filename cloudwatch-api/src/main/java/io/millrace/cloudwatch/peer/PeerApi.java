package io.millrace.cloudwatch.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.store.LocalMetricStore;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.MetricSerdes;
import io.millrace.cloudwatch.store.Window;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a gateway answers the others about the aggregates its Kafka Streams instance holds, on its ordinary port as
 * a JSON 1.0 API ({@code X-Amz-Target: MillraceCloudWatchPeer.<Action>}): {@code FetchWindows} (one metric's
 * windows in a time range) and {@code ListLocalMetrics} (the metrics held here). Calls are SigV4-signed with the
 * peer key ({@link PeerCredential}); only that key's principal or the account's root may make them. Metric keys and
 * statistics travel as base64 of their binary forms in the stores, so the two sides never disagree on a field.
 */
public final class PeerApi {

    public static final String TARGET_PREFIX = "MillraceCloudWatchPeer";
    static final String FETCH_WINDOWS = "FetchWindows";
    static final String LIST_LOCAL_METRICS = "ListLocalMetrics";

    private final LocalMetricStore store;
    private final PeerCredential credential;

    private PeerApi(LocalMetricStore store, PeerCredential credential) {
        this.store = store;
        this.credential = credential;
    }

    public static ActionRegistry actions(LocalMetricStore store, PeerCredential credential, Executor executor) {
        PeerApi api = new PeerApi(store, credential);
        return ActionRegistry.forService(TARGET_PREFIX, "millrace")
                // No IAM action: the peer key's principal has no policies, so the check is the caller's identity.
                .access(request -> List.of())
                .on(executor, FETCH_WINDOWS, api::fetchWindows)
                .on(executor, LIST_LOCAL_METRICS, api::listLocalMetrics)
                .build();
    }

    private JsonNode fetchWindows(AwsRequest request) {
        checkCaller(request);
        JsonNode body = request.body();
        MetricKey metric;
        try {
            metric = MetricKey.fromBytes(decode(body, "Metric"));
        } catch (java.io.UncheckedIOException e) {
            throw ApiException.validation("The member Metric is not a metric key.");
        }
        List<Window> windows = store.windows(
                metric,
                Instant.ofEpochMilli(body.path("From").asLong()),
                Instant.ofEpochMilli(body.path("To").asLong()),
                body.path("HighResolution").asBoolean());
        ObjectNode answer = WireCodec.object();
        ArrayNode list = answer.putArray("Windows");
        for (Window window : windows) {
            list.addObject()
                    .put("Start", window.startMs())
                    .put("Stats", encode(MetricSerdes.stats().serializer().serialize(null, window.stats())));
        }
        return answer;
    }

    private JsonNode listLocalMetrics(AwsRequest request) {
        checkCaller(request);
        ObjectNode answer = WireCodec.object();
        ArrayNode list = answer.putArray("Metrics");
        for (MetricKey metric : store.metricsSince(
                Instant.ofEpochMilli(request.body().path("Since").asLong()))) {
            list.add(encode(metric.toBytes()));
        }
        return answer;
    }

    private void checkCaller(AwsRequest request) {
        if (!credential.mayRead(request.caller())) {
            throw ApiException.accessDenied("Only the gateways of this cluster read each other's metric stores.");
        }
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(JsonNode body, String member) {
        try {
            return Base64.getDecoder().decode(body.path(member).asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("The member " + member + " is not base64.");
        }
    }
}
