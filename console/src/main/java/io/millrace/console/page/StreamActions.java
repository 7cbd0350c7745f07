package io.millrace.console.page;

import io.millrace.gateway.protocol.ApiException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream page's forms, each the Kinesis action the CLI calls for it: UpdateShardCount, SplitShard, MergeShards,
 * Increase/DecreaseStreamRetentionPeriod, RegisterStreamConsumer and DeregisterStreamConsumer. Each completes with
 * the stream page's path to go back to, or with the API's refusal for the console to show.
 */
public final class StreamActions {

    private static final Logger LOG = LoggerFactory.getLogger(StreamActions.class);

    private final Caller caller;
    private final String stream;

    public StreamActions(Caller caller, String stream) {
        this.caller = caller;
        this.stream = stream;
    }

    /** The form at {@code /console/streams/NAME/<action>}; null when there is no such action. */
    public CompletionStage<String> perform(String action, Map<String, String> form) {
        return switch (action) {
            case "shard-count" -> updateShardCount(form);
            case "split" -> split(form);
            case "merge" -> merge(form);
            case "retention" -> retention(form);
            case "consumers" -> register(form);
            case "consumers/deregister" -> deregister(form);
            default -> null;
        };
    }

    private CompletionStage<String> updateShardCount(Map<String, String> form) {
        return call(
                "UpdateShardCount",
                Map.of(
                        "TargetShardCount",
                        integer(form.get("target"), "Target open shards"),
                        "ScalingType",
                        "UNIFORM_SCALING"));
    }

    /** At the given hash key, or at the middle of the shard's range as the Kinesis console proposes. */
    private CompletionStage<String> split(Map<String, String> form) {
        String shard = form.getOrDefault("shard", "");
        String key = form.getOrDefault("newStartingHashKey", "").trim();
        if (!key.isEmpty()) {
            return call("SplitShard", Map.of("ShardToSplit", shard, "NewStartingHashKey", key));
        }
        return caller.call(
                        Caller.KINESIS,
                        "ListShards",
                        in -> in.put("StreamName", stream).put("MaxResults", 10000))
                .thenCompose(listed -> {
                    ShardView found = ShardView.of(listed).stream()
                            .filter(s -> s.id().equals(shard))
                            .findFirst()
                            .orElseThrow(() -> new ApiException(
                                    "ResourceNotFoundException",
                                    400,
                                    "Could not find shard " + shard + " in stream " + stream + "."));
                    return call(
                            "SplitShard",
                            Map.of(
                                    "ShardToSplit",
                                    shard,
                                    "NewStartingHashKey",
                                    found.midpoint().toString()));
                });
    }

    /** The form sends the pair as {@code LOWER+UPPER}, the two adjacent open shards. */
    private CompletionStage<String> merge(Map<String, String> form) {
        String[] pair = form.getOrDefault("pair", "").split("\\+", 2);
        if (pair.length != 2) {
            return CompletableFuture.failedFuture(ApiException.validation("Choose two adjacent open shards to merge"));
        }
        return call("MergeShards", Map.of("ShardToMerge", pair[0], "AdjacentShardToMerge", pair[1]));
    }

    /** Increase or decrease, whichever the new period is to the current one (the API has one action for each). */
    private CompletionStage<String> retention(Map<String, String> form) {
        int hours = integer(form.get("hours"), "Retention");
        return caller.call(Caller.KINESIS, "DescribeStreamSummary", in -> in.put("StreamName", stream))
                .thenCompose(summary -> {
                    int current = summary.path("StreamDescriptionSummary")
                            .path("RetentionPeriodHours")
                            .asInt();
                    if (hours == current) {
                        return CompletableFuture.completedFuture(page());
                    }
                    return call(
                            hours > current ? "IncreaseStreamRetentionPeriod" : "DecreaseStreamRetentionPeriod",
                            Map.of("RetentionPeriodHours", hours));
                });
    }

    private CompletionStage<String> register(Map<String, String> form) {
        return streamArn()
                .thenCompose(arn -> call(
                        "RegisterStreamConsumer",
                        Map.of("StreamARN", arn, "ConsumerName", form.getOrDefault("name", ""))));
    }

    private CompletionStage<String> deregister(Map<String, String> form) {
        return call("DeregisterStreamConsumer", Map.of("ConsumerARN", form.getOrDefault("consumerArn", "")));
    }

    private CompletionStage<String> streamArn() {
        return caller.call(Caller.KINESIS, "DescribeStreamSummary", in -> in.put("StreamName", stream))
                .thenApply(summary -> summary.path("StreamDescriptionSummary")
                        .path("StreamARN")
                        .asText());
    }

    /** {@code action} with these members (plus the stream's name unless a member names it by ARN). */
    private CompletionStage<String> call(String action, Map<String, Object> members) {
        return caller.call(Caller.KINESIS, action, in -> {
                    if (!members.containsKey("StreamARN") && !members.containsKey("ConsumerARN")) {
                        in.put("StreamName", stream);
                    }
                    members.forEach((member, value) -> {
                        if (value instanceof Integer number) {
                            in.put(member, number);
                        } else {
                            in.put(member, String.valueOf(value));
                        }
                    });
                })
                .thenApply(out -> {
                    LOG.info("Console: {} called {} on stream {}", caller.who(), action, stream);
                    return page();
                });
    }

    private String page() {
        return "/console/streams/" + Html.url(stream);
    }

    /** A whole number from a form field, or the validation error the API would give a malformed one. */
    public static int integer(String text, String field) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation(field + " must be a whole number, got '" + text + "'");
        }
    }
}
