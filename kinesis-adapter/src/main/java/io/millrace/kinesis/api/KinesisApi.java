package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.kinesis.config.KinesisAdapterConfig;
import io.millrace.kinesis.lifecycle.OnDemandScaler;
import io.millrace.kinesis.lifecycle.ShardHeat;
import io.millrace.kinesis.lifecycle.StreamReconciler;
import java.time.Duration;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The Kinesis Data Streams API ({@code Kinesis_20131202}): maps each action to its handler and to the threads it
 * may run on. Control-plane actions and GetRecords block on Kafka, so they run on worker pools, never on the
 * network threads; puts only hand records to the producer and answer from its acknowledgement.
 */
public final class KinesisApi implements AwsService {

    public static final String TARGET_PREFIX = "Kinesis_20131202";

    /** Actions of the Kinesis API that later work will implement; they answer with a clear error meanwhile. */
    private static final Set<String> NOT_YET_SUPPORTED = Set.of(
            "StartStreamEncryption", "StopStreamEncryption", "TagResource", "UntagResource",
            "ListTagsForResource", "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy", "DescribeAccountSettings",
            "UpdateAccountSettings", "UpdateStreamWarmThroughput");

    @FunctionalInterface
    private interface BlockingAction {
        JsonNode handle(AwsRequest request) throws InterruptedException;
    }

    private final Map<String, Function<AwsRequest, CompletableFuture<JsonNode>>> actions = new HashMap<>();

    /** @param fanOut the enhanced fan-out actions, given the API's own GetShardIterator */
    public KinesisApi(KinesisBackend backend, StreamReconciler reconciler, Executor control,
                      Function<FanOutActions.IteratorResolver, FanOutActions> fanOut) {
        StreamLookup lookup = new StreamLookup(backend);
        StreamUpdater updater = new StreamUpdater(backend.metadata(), backend.clock());
        PageTokens tokens = new PageTokens(backend.signer());
        StreamAdminActions admin = new StreamAdminActions(backend, lookup, updater, reconciler, tokens);
        StreamConfigActions config = new StreamConfigActions(backend, lookup, updater);
        ShardHeat heat = new ShardHeat();
        RecordWriteActions writes = new RecordWriteActions(backend, lookup, heat);
        reconciler.every(OnDemandScaler.SAMPLE_PERIOD, new OnDemandScaler(backend.metadata(), reconciler.resharder(),
                heat, backend.config().getDouble(KinesisAdapterConfig.ON_DEMAND_SPLIT_THRESHOLD),
                Duration.ofSeconds(backend.config().getInt(KinesisAdapterConfig.ON_DEMAND_HOT_SECONDS)),
                () -> backend.config().getInt(KinesisAdapterConfig.ACCOUNT_SHARD_LIMIT)));
        RecordReadActions reads = new RecordReadActions(backend, lookup);
        ReshardActions reshards = new ReshardActions(backend, lookup, reconciler.resharder());
        StreamSettingsActions settings = new StreamSettingsActions(backend, lookup, updater);

        blocking("CreateStream", admin::createStream, control);
        blocking("DeleteStream", admin::deleteStream, control);
        blocking("DescribeStream", admin::describeStream, control);
        blocking("DescribeStreamSummary", admin::describeStreamSummary, control);
        blocking("ListStreams", admin::listStreams, control);
        blocking("ListShards", admin::listShards, control);
        blocking("DescribeLimits", admin::describeLimits, control);
        blocking("AddTagsToStream", config::addTags, control);
        blocking("RemoveTagsFromStream", config::removeTags, control);
        blocking("ListTagsForStream", config::listTags, control);
        blocking("IncreaseStreamRetentionPeriod", config::increaseRetention, control);
        blocking("DecreaseStreamRetentionPeriod", config::decreaseRetention, control);
        blocking("SplitShard", reshards::splitShard, control);
        blocking("MergeShards", reshards::mergeShards, control);
        blocking("UpdateShardCount", reshards::updateShardCount, control);
        blocking("UpdateStreamMode", settings::updateStreamMode, control);
        blocking("UpdateMaxRecordSize", settings::updateMaxRecordSize, control);
        MonitoringActions monitoring = new MonitoringActions(lookup, updater);
        blocking("EnableEnhancedMonitoring", monitoring::enable, control);
        blocking("DisableEnhancedMonitoring", monitoring::disable, control);
        blocking("GetShardIterator", reads::getShardIterator, control);
        blocking("GetRecords", reads::getRecords, backend.blockingReads());
        FanOutActions consumers = fanOut.apply(reads::getShardIterator);
        blocking("RegisterStreamConsumer", consumers::registerStreamConsumer, control);
        blocking("DescribeStreamConsumer", consumers::describeStreamConsumer, control);
        blocking("ListStreamConsumers", consumers::listStreamConsumers, control);
        blocking("DeregisterStreamConsumer", consumers::deregisterStreamConsumer, control);
        blocking("SubscribeToShard", consumers::subscribeToShard, control);
        actions.put("PutRecord", request -> async(writes::putRecord, request, control));
        actions.put("PutRecords", request -> async(writes::putRecords, request, control));
    }

    /** The Prometheus text of the traffic this process served, with each stream's enabled shard-level metrics. */
    public static String metricsText(KinesisBackend backend) {
        return backend.metrics().render(stream -> backend.metadata().stream(stream)
                .map(MonitoringActions::enabled).orElse(java.util.Set.of()));
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public CompletionStage<JsonNode> handle(AwsRequest request) {
        Function<AwsRequest, CompletableFuture<JsonNode>> action = actions.get(request.action());
        if (action == null) {
            if (NOT_YET_SUPPORTED.contains(request.action())) {
                return CompletableFuture.failedFuture(ApiException.unknownOperation(
                        "Operation " + request.action() + " is not supported by this Millrace endpoint yet."));
            }
            return CompletableFuture.failedFuture(ApiException.unknownOperation(
                    "Unknown operation " + TARGET_PREFIX + "." + request.action() + "."));
        }
        return action.apply(request);
    }

    private void blocking(String name, BlockingAction action, Executor executor) {
        actions.put(name, request -> CompletableFuture.supplyAsync(() -> {
            try {
                return action.handle(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.serviceUnavailable("Interrupted while serving " + name);
            }
        }, executor));
    }

    /** Routing and validation run off the network threads too: a metadata miss may wait on Kafka. */
    private static CompletableFuture<JsonNode> async(Function<AwsRequest, CompletableFuture<JsonNode>> action,
                                                     AwsRequest request, Executor executor) {
        return CompletableFuture.supplyAsync(() -> action.apply(request), executor)
                .thenCompose(Function.identity());
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
