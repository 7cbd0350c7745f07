package io.millrace.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.dynamodb.testkit.KclLog;
import io.millrace.dynamodb.testkit.KinesisAppGateway;
import io.millrace.dynamodb.testkit.LeaseTable;
import io.millrace.dynamodb.testkit.StreamLedger;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The real KCL 3.x against Millrace alone: the stream on the Kinesis API, the lease, coordinator-state and
 * worker-metrics tables on the DynamoDB API of the same gateway, its metrics on the CloudWatch API of that gateway
 * too. The application is the KCL's own sample shape; only its timings are shortened (lease failover, assignment
 * and worker-metrics cadence, parent-shard polling), so that what takes minutes at the defaults takes seconds.
 * Every record is processed exactly once and in key order, with enhanced fan-out (the KCL's default retrieval)
 * across a reshard and a restart, and with polling across a restart; the checkpoints are in the lease table; the
 * KCL logs no error.
 */
class DynamoDbKclIT {

    private static KinesisAppGateway platform;
    private static KclLog kclLog;

    @BeforeAll
    static void start() throws Exception {
        kclLog = KclLog.capture();
        platform = KinesisAppGateway.start("kcl_it");
    }

    @BeforeEach
    void forgetEarlierLogging() {
        kclLog.clear();
    }

    @AfterAll
    static void stop() {
        platform.close();
        kclLog.close();
    }

    @Test
    void fanOutProcessesEveryRecordOnceInKeyOrderAcrossAReshardAndARestart() throws Exception {
        String stream = "kcl-fan-out";
        String application = "kcl-fan-out-" + UUID.randomUUID().toString().substring(0, 8);
        platform.createStream(stream, 2);
        StreamLedger ledger = new StreamLedger(40);
        ledger.put(platform.kinesis(), stream, 200);

        Worker first = Worker.start(scheduler(application, stream, ledger, false));
        ledger.awaitAllProcessed(Duration.ofSeconds(60));
        // 2 -> 4 while the application reads: the parents end, the KCL moves on to their children.
        platform.reshard(stream, 4);
        ledger.put(platform.kinesis(), stream, 200);
        ledger.awaitAllProcessed(Duration.ofSeconds(60));
        first.stop();

        ledger.put(platform.kinesis(), stream, 200);
        Worker restarted = Worker.start(scheduler(application, stream, ledger, false));
        try {
            ledger.awaitAllProcessed(Duration.ofSeconds(60));
        } finally {
            restarted.stop();
        }

        ledger.assertEachProcessedOnceInKeyOrder();
        LeaseTable.assertCheckpointsAtTheEnd(platform.kinesis(), platform.dynamoDb(), stream, application, ledger);
        String streamArn = streamArn(stream);
        assertThat(platform.kinesis()
                        .listStreamConsumers(r -> r.streamARN(streamArn))
                        .get(30, TimeUnit.SECONDS)
                        .consumers())
                .as("the KCL registered its consumer under the application's name")
                .anySatisfy(consumer -> assertThat(consumer.consumerName()).isEqualTo(application));
        assertThat(kclLog.errors()).isEmpty();
        assertThat(kclLog.unexplainedWarnings()).isEmpty();
    }

    @Test
    void pollingProcessesEveryRecordOnceAcrossARestartAndPublishesItsMetrics() throws Exception {
        String stream = "kcl-polling";
        String application = "kcl-polling-" + UUID.randomUUID().toString().substring(0, 8);
        platform.createStream(stream, 3);
        StreamLedger ledger = new StreamLedger(30);
        ledger.put(platform.kinesis(), stream, 300);

        Worker first = Worker.start(scheduler(application, stream, ledger, true));
        ledger.awaitAllProcessed(Duration.ofSeconds(60));
        first.stop();

        ledger.put(platform.kinesis(), stream, 200);
        Worker restarted = Worker.start(scheduler(application, stream, ledger, true));
        try {
            ledger.awaitAllProcessed(Duration.ofSeconds(60));
        } finally {
            restarted.stop();
        }

        ledger.assertEachProcessedOnceInKeyOrder();
        LeaseTable.assertCheckpointsAtTheEnd(platform.kinesis(), platform.dynamoDb(), stream, application, ledger);
        assertThat(kclLog.errors()).isEmpty();
        assertThat(kclLog.unexplainedWarnings()).isEmpty();
        // The KCL publishes under the application's name: its per-shard and per-worker metrics were taken.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(platform.cloudWatch()
                                .listMetrics(r -> r.namespace(application))
                                .get(30, TimeUnit.SECONDS)
                                .metrics())
                        .extracting(Metric::metricName)
                        .contains("RecordsProcessed"));
    }

    private static String streamArn(String stream) throws Exception {
        return platform.kinesis()
                .describeStreamSummary(r -> r.streamName(stream))
                .get(30, TimeUnit.SECONDS)
                .streamDescriptionSummary()
                .streamARN();
    }

    private static Scheduler scheduler(String application, String stream, StreamLedger ledger, boolean polling) {
        ConfigsBuilder configs = new ConfigsBuilder(
                new SingleStreamTracker(
                        stream,
                        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                application,
                platform.kinesis(),
                platform.dynamoDb(),
                platform.cloudWatch(),
                "worker-" + UUID.randomUUID(),
                () -> new LedgerProcessor(ledger));
        RetrievalConfig retrieval = configs.retrievalConfig();
        if (polling) {
            retrieval.retrievalSpecificConfig(
                    new PollingConfig(stream, platform.kinesis()).idleTimeBetweenReadsInMillis(200));
        }
        // Defaults: 10 s lease failover, assignment every 20 s, worker metrics every 30 s, parents polled every
        // 10 s, leader lock held a minute. Shorter here, the same protocol.
        var leases = configs.leaseManagementConfig()
                .failoverTimeMillis(3_000)
                .leaseAssignmentIntervalMillis(1_000L)
                .shardSyncIntervalMillis(1_000);
        leases.workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis(1_000);
        return new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig()
                        .parentShardPollIntervalMillis(200)
                        .shardConsumerDispatchPollIntervalMillis(200),
                leases,
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(MetricsLevel.DETAILED),
                configs.processorConfig(),
                retrieval);
    }

    /** A running KCL application: the scheduler on a thread of its own, stopped gracefully. */
    private record Worker(Scheduler scheduler, Thread thread) {

        static Worker start(Scheduler scheduler) {
            Thread thread = new Thread(
                    scheduler, "kcl-" + scheduler.leaseManagementConfig().workerIdentifier());
            thread.start();
            return new Worker(scheduler, thread);
        }

        void stop() throws Exception {
            assertThat(scheduler.startGracefulShutdown().get(60, TimeUnit.SECONDS))
                    .as("graceful shutdown completed")
                    .isTrue();
            thread.join(30_000);
        }
    }

    /**
     * Records each record's data in the ledger and checkpoints after every batch, at shard end and when asked to
     * shut down: an application that wants no replay after a graceful restart.
     */
    private static final class LedgerProcessor implements ShardRecordProcessor {

        private final StreamLedger ledger;

        LedgerProcessor(StreamLedger ledger) {
            this.ledger = ledger;
        }

        private static void checkpoint(RecordProcessorCheckpointer checkpointer) {
            try {
                checkpointer.checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void initialize(InitializationInput input) {}

        @Override
        public void processRecords(ProcessRecordsInput input) {
            input.records().forEach(record -> ledger.processed(record.data()));
            checkpoint(input.checkpointer());
        }

        @Override
        public void leaseLost(LeaseLostInput input) {}

        @Override
        public void shardEnded(ShardEndedInput input) {
            checkpoint(input.checkpointer());
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            checkpoint(input.checkpointer());
        }
    }
}
