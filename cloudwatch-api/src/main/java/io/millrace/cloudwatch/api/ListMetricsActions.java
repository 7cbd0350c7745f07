package io.millrace.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.cluster.ClusterMetricStore;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ListMetrics: the metrics with datapoints in the last two weeks (or three hours), filtered, 500 a page. */
final class ListMetricsActions {

    /** AWS: "Up to 500 results are returned for any one call" (ListMetrics). */
    static final int PAGE_SIZE = 500;

    /** AWS lists metrics with datapoints in the past two weeks; RecentlyActive PT3H the past three hours. */
    private static final Duration LISTED = Duration.ofDays(14);

    private static final Duration RECENTLY_ACTIVE = Duration.ofHours(3);

    /** AWS: "You can specify up to 10 dimensions" as filters (DimensionFilters, max 10). */
    private static final int MAX_FILTERS = 10;

    private final ClusterMetricStore store;

    ListMetricsActions(ClusterMetricStore store) {
        this.store = store;
    }

    JsonNode listMetrics(AwsRequest request) {
        JsonNode body = request.body();
        String namespace = CloudWatchShapes.boundedText(body, "Namespace", 255, false);
        String metricName = CloudWatchShapes.boundedText(body, "MetricName", 255, false);
        Map<String, String> filters = filters(body);
        String recentlyActive = CloudWatchShapes.text(body, "RecentlyActive");
        if (recentlyActive != null && !recentlyActive.equals("PT3H")) {
            throw CloudWatchShapes.invalid("RecentlyActive", recentlyActive);
        }
        byte[] after = token(CloudWatchShapes.text(body, "NextToken"));
        Instant since = request.receivedAt().minus(recentlyActive != null ? RECENTLY_ACTIVE : LISTED);
        List<byte[]> keys = store.metricsSince(since).stream()
                .filter(key -> namespace == null || namespace.equals(key.namespace()))
                .filter(key -> metricName == null || metricName.equals(key.metricName()))
                .filter(key -> matches(key, filters))
                .map(MetricKey::toBytes)
                .filter(bytes -> after == null || Arrays.compareUnsigned(bytes, after) > 0)
                .sorted(Arrays::compareUnsigned)
                .toList();
        ObjectNode answer = WireCodec.object();
        ArrayNode metrics = answer.putArray("Metrics");
        keys.stream()
                .limit(PAGE_SIZE)
                .forEach(bytes -> metrics.add(CloudWatchShapes.metric(MetricKey.fromBytes(bytes))));
        if (keys.size() > PAGE_SIZE) {
            answer.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(keys.get(PAGE_SIZE - 1)));
        }
        return answer;
    }

    /** Each filter names a dimension the metric must have, and the value it must have when one is given. */
    private static Map<String, String> filters(JsonNode body) {
        List<JsonNode> list = CloudWatchShapes.list(body, "Dimensions");
        if (list.size() > MAX_FILTERS) {
            throw CloudWatchErrors.invalidParameterValue(
                    "The collection Dimensions must not have a size greater than " + MAX_FILTERS + ".");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (JsonNode filter : list) {
            filters.put(
                    CloudWatchShapes.boundedText(filter, "Name", 255, true),
                    CloudWatchShapes.boundedText(filter, "Value", 1024, false));
        }
        return filters;
    }

    private static boolean matches(MetricKey key, Map<String, String> filters) {
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            String value = key.dimensions().get(filter.getKey());
            if (value == null
                    || (filter.getValue() != null && !filter.getValue().equals(value))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] token(String token) {
        if (token == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            MetricKey.fromBytes(bytes);
            return bytes;
        } catch (RuntimeException e) {
            throw CloudWatchErrors.invalidNextToken("The service returned an invalid NextToken.");
        }
    }
}
