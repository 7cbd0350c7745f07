package io.millrace.kinesis.api;

import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.kinesis.access.KinesisAccess;
import io.millrace.kinesis.access.RegisteredConsumers;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.lifecycle.OnDemandScaler;
import io.millrace.kinesis.lifecycle.StreamReconciler;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.metrics.ShardMetric;
import io.millrace.kinesis.policy.ResourcePolicyActions;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The Kinesis Data Streams API ({@code Kinesis_20131202}): each action with its handler and the threads it may run
 * on. Control-plane actions and GetRecords block on Kafka, so they run on worker pools, never on the network
 * threads; puts only hand records to the producer and answer from its acknowledgement, but their routing may wait
 * for a metadata refresh, so they start on the control pool too.
 */
public final class KinesisApi {

    public static final String TARGET_PREFIX = "Kinesis_20131202";

    /** Actions of the Kinesis API this endpoint does not serve; they answer with a clear error. */
    private static final Set<String> NOT_SERVED = Set.of(
            "TagResource",
            "UntagResource",
            "ListTagsForResource",
            "DescribeAccountSettings",
            "UpdateAccountSettings",
            "UpdateStreamWarmThroughput");

    private KinesisApi() {}

    /**
     * The actions, with the on-demand scaler of the streams they create registered with the reconciler.
     *
     * @param fanOut the enhanced fan-out actions, given the API's own GetShardIterator
     * @param policies what a resource-based policy must be for PutResourcePolicy to attach it
     */
    public static ActionRegistry actions(
            KinesisBackend backend,
            StreamReconciler reconciler,
            Executor control,
            Function<FanOutActions.IteratorResolver, FanOutActions> fanOut,
            ResourcePolicyValidator policies) {
        StreamLookup lookup = new StreamLookup(backend);
        StreamUpdater updater = new StreamUpdater(backend.metadata(), backend.clock());
        PageTokens tokens = new PageTokens(backend.signer());
        StreamAdminActions admin = new StreamAdminActions(backend, lookup, updater, reconciler, tokens);
        StreamConfigActions config = new StreamConfigActions(backend, lookup, updater);
        RecordWriteActions writes = new RecordWriteActions(backend, lookup);
        reconciler.every(
                OnDemandScaler.SAMPLE_PERIOD,
                new OnDemandScaler(
                        backend.metadata(),
                        reconciler.resharder(),
                        backend.heat(),
                        backend.config().getDouble(KinesisConfig.ON_DEMAND_SPLIT_THRESHOLD),
                        Duration.ofSeconds(backend.config().getInt(KinesisConfig.ON_DEMAND_HOT_SECONDS)),
                        () -> backend.config().getInt(KinesisConfig.ACCOUNT_SHARD_LIMIT)));
        RecordReadActions reads = new RecordReadActions(backend, lookup);
        ReshardActions reshards = new ReshardActions(backend, lookup, reconciler.resharder());
        StreamSettingsActions settings = new StreamSettingsActions(backend, lookup, updater);
        MonitoringActions monitoring = new MonitoringActions(lookup, updater);
        EncryptionActions encryption = new EncryptionActions(backend, lookup, updater, reconciler);
        FanOutActions consumers = fanOut.apply(reads::getShardIterator);
        ResourcePolicyActions resourcePolicies =
                new ResourcePolicyActions(backend.metadata(), backend.clock(), backend.accountId(), policies);

        return ActionRegistry.forService(TARGET_PREFIX, "kinesis")
                .metrics(() -> metricsText(backend))
                .access(new KinesisAccess(
                        new RegisteredConsumers(backend.metadata(), backend.clock()),
                        new IssuedTokens(backend.signer(), tokens)))
                .on(control, "CreateStream", admin::createStream)
                .on(control, "DeleteStream", admin::deleteStream)
                .on(control, "DescribeStream", admin::describeStream)
                .on(control, "DescribeStreamSummary", admin::describeStreamSummary)
                .on(control, "ListStreams", admin::listStreams)
                .on(control, "ListShards", admin::listShards)
                .on(control, "DescribeLimits", admin::describeLimits)
                .on(control, "AddTagsToStream", config::addTags)
                .on(control, "RemoveTagsFromStream", config::removeTags)
                .on(control, "ListTagsForStream", config::listTags)
                .on(control, "IncreaseStreamRetentionPeriod", config::increaseRetention)
                .on(control, "DecreaseStreamRetentionPeriod", config::decreaseRetention)
                .on(control, "SplitShard", reshards::splitShard)
                .on(control, "MergeShards", reshards::mergeShards)
                .on(control, "UpdateShardCount", reshards::updateShardCount)
                .on(control, "UpdateStreamMode", settings::updateStreamMode)
                .on(control, "UpdateMaxRecordSize", settings::updateMaxRecordSize)
                .on(control, "EnableEnhancedMonitoring", monitoring::enable)
                .on(control, "DisableEnhancedMonitoring", monitoring::disable)
                .on(control, "StartStreamEncryption", encryption::start)
                .on(control, "StopStreamEncryption", encryption::stop)
                .on(control, "GetShardIterator", reads::getShardIterator)
                .on(backend.blockingReads(), "GetRecords", reads::getRecords)
                .on(control, "RegisterStreamConsumer", consumers::registerStreamConsumer)
                .on(control, "DescribeStreamConsumer", consumers::describeStreamConsumer)
                .on(control, "ListStreamConsumers", consumers::listStreamConsumers)
                .on(control, "DeregisterStreamConsumer", consumers::deregisterStreamConsumer)
                .on(control, "SubscribeToShard", consumers::subscribeToShard)
                .on(control, "PutResourcePolicy", resourcePolicies::put)
                .on(control, "GetResourcePolicy", resourcePolicies::get)
                .on(control, "DeleteResourcePolicy", resourcePolicies::delete)
                .startOn(control, "PutRecord", writes::putRecord)
                .startOn(control, "PutRecords", writes::putRecords)
                .unsupported(NOT_SERVED)
                .build();
    }

    /** The shard-level metrics {@code stream} enabled with EnableEnhancedMonitoring; none when it is gone. */
    public static Set<ShardMetric> enabledShardMetrics(KinesisBackend backend, String stream) {
        return backend.metadata().stream(stream).map(MonitoringActions::enabled).orElse(Set.of());
    }

    /** The Prometheus text of the traffic this process served, with each stream's enabled shard-level metrics. */
    static String metricsText(KinesisBackend backend) {
        return backend.metrics()
                .render(stream -> backend.metadata().stream(stream)
                        .map(MonitoringActions::enabled)
                        .orElse(Set.of()));
    }
}
