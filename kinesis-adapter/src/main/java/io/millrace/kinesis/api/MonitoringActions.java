package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.metrics.ShardMetric;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * EnableEnhancedMonitoring and DisableEnhancedMonitoring: which shard-level metrics a stream publishes. The metrics
 * themselves are served on {@code GET /metrics} of every endpoint process.
 */
final class MonitoringActions {

    private static final Set<String> NAMES = Arrays.stream(ShardMetric.values())
            .map(Enum::name)
            .collect(Collectors.collectingAndThen(Collectors.toCollection(java.util.TreeSet::new), set -> {
                set.add("ALL");
                return set;
            }));

    private final StreamLookup lookup;
    private final StreamUpdater updater;

    MonitoringActions(StreamLookup lookup, StreamUpdater updater) {
        this.lookup = lookup;
        this.updater = updater;
    }

    JsonNode enable(AwsRequest request) throws InterruptedException {
        return change(request, true);
    }

    JsonNode disable(AwsRequest request) throws InterruptedException {
        return change(request, false);
    }

    /** The shard-level metrics a stream has enabled. */
    static Set<ShardMetric> enabled(StreamMetadata stream) {
        EnumSet<ShardMetric> set = EnumSet.noneOf(ShardMetric.class);
        for (String name : stream.getShardLevelMetrics()) {
            set.add(ShardMetric.valueOf(name));
        }
        return set;
    }

    private JsonNode change(AwsRequest request, boolean enable) throws InterruptedException {
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        JsonNode list = Fields.array(request.body(), "ShardLevelMetrics");
        validation.required("shardLevelMetrics", list);
        List<String> asked = new ArrayList<>();
        if (list != null) {
            validation.size("shardLevelMetrics", list.size(), 1, 7, list);
            for (JsonNode item : list) {
                if (!item.isTextual()) {
                    throw ApiException.serialization("Member ShardLevelMetrics must be a list of strings");
                }
                validation.oneOf("shardLevelMetrics.member", item.textValue(), NAMES);
                asked.add(item.textValue());
            }
        }
        validation.throwIfInvalid();
        EnumSet<ShardMetric> metrics = EnumSet.noneOf(ShardMetric.class);
        for (String metric : asked) {
            if (metric.equals("ALL")) {
                metrics.addAll(ShardMetric.ALL);
            } else {
                metrics.add(ShardMetric.valueOf(metric));
            }
        }
        lookup.syncQuietly();
        StreamMetadata before = lookup.requireActive(name);
        StreamMetadata after = updater.update(
                name,
                next -> {
                    if (next.getStatus() != StreamStatus.ACTIVE) {
                        throw KinesisErrors.resourceInUse("Stream " + name + " under account " + lookup.accountId()
                                + " not ACTIVE, instead in state " + next.getStatus());
                    }
                    EnumSet<ShardMetric> current = EnumSet.noneOf(ShardMetric.class);
                    next.getShardLevelMetrics().forEach(m -> current.add(ShardMetric.valueOf(m)));
                    if (enable) {
                        current.addAll(metrics);
                    } else {
                        current.removeAll(metrics);
                    }
                    next.setShardLevelMetrics(current.stream().map(Enum::name).toList());
                },
                lookup::notFound);
        ObjectNode response = WireCodec.object();
        response.put("StreamName", name);
        response.put("StreamARN", lookup.arn(request, name));
        names(response.putArray("CurrentShardLevelMetrics"), enabled(before));
        names(response.putArray("DesiredShardLevelMetrics"), enabled(after));
        return response;
    }

    private static void names(ArrayNode array, Set<ShardMetric> metrics) {
        metrics.forEach(metric -> array.add(metric.name()));
    }
}
