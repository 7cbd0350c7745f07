package io.millrace.kcl2;

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
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The real KCL 2.x (the newest 2.x release) against Millrace alone: its stream, lease table and metrics all on one
 * gateway. The application is the KCL 2.x sample's shape, with its default retrieval (enhanced fan-out) and with
 * polling; only its timings are shortened (lease failover, shard sync, parent-shard polling). Every record is processed exactly once and in key order
 * across a reshard and a restart of the worker, the checkpoints are in the lease table, and the KCL logs no error.
 */
class Kcl2IT {

    private static KinesisAppGateway platform;
    private static KclLog kclLog;

    @BeforeAll
    static void start() throws Exception {
        kclLog = KclLog.capture();
        platform = KinesisAppGateway.start("kcl2_it");
    }

    @AfterAll
    static void stop() {
        platform.close();
        kclLog.close();
    }

    @Test
    void pollingProcessesEveryRecordOnceInKeyOrderAcrossAReshardAndARestart() throws Exception {
        processEveryRecordOnceInKeyOrderAcrossAReshardAndARestart("kcl2-polling", Retrieval.POLLING);
    }

    /**
     * The KCL 2.x default retrieval: a consumer registered on the stream (RegisterStreamConsumer, named after the
     * application) and one SubscribeToShard per lease over HTTP/2 with the SDK's Netty async client, each
     * subscription renewed every 5 minutes or when the server ends it, and continued from the last record's
     * ContinuationSequenceNumber.
     */
    @Test
    void fanOutProcessesEveryRecordOnceInKeyOrderAcrossAReshardAndARestart() throws Exception {
        String application =
                processEveryRecordOnceInKeyOrderAcrossAReshardAndARestart("kcl2-fan-out", Retrieval.FAN_OUT);
        String streamArn = platform.kinesis()
                .describeStreamSummary(r -> r.streamName("kcl2-fan-out"))
                .get(30, TimeUnit.SECONDS)
                .streamDescriptionSummary()
                .streamARN();
        assertThat(platform.kinesis()
                        .listStreamConsumers(r -> r.streamARN(streamArn))
                        .get(30, TimeUnit.SECONDS)
                        .consumers())
                .as("the KCL registered one consumer, under the application's name, and reused it after the restart")
                .singleElement()
                .satisfies(consumer -> assertThat(consumer.consumerName()).isEqualTo(application));
    }

    /** The scenario both retrievals go through; answers the application's name. */
    private static String processEveryRecordOnceInKeyOrderAcrossAReshardAndARestart(String stream, Retrieval retrieval)
            throws Exception {
        kclLog.clear();
        String application = stream + "-" + UUID.randomUUID().toString().substring(0, 8);
        platform.createStream(stream, 2);
        StreamLedger ledger = new StreamLedger(40);
        ledger.put(platform.kinesis(), stream, 200);

        Worker first = Worker.start(scheduler(application, stream, ledger, retrieval));
        try {
            ledger.awaitAllProcessed(Duration.ofSeconds(90));
            // 2 -> 4 while the application reads: the parents end, the KCL moves on to their children.
            platform.reshard(stream, 4);
            ledger.put(platform.kinesis(), stream, 200);
            ledger.awaitAllProcessed(Duration.ofSeconds(90));
            // The processor checkpoints after every batch: the table shows it while the application runs.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> LeaseTable.assertCheckpointsAtTheEnd(
                            platform.kinesis(), platform.dynamoDb(), stream, application, ledger));
            assertThat(kclLog.errors()).isEmpty();
            assertThat(kclLog.unexplainedWarnings()).isEmpty();
        } finally {
            first.stop();
        }
        // Stopping at once drops the metrics not yet published, and the KCL warns that it does: that is what an
        // immediate stop means. The second run's log is checked on its own.
        kclLog.clear();

        // A new worker of the same application, after records written while none ran: it resumes from the
        // checkpoints in the lease table, so nothing is processed twice and nothing is missed.
        ledger.put(platform.kinesis(), stream, 100);
        Worker second = Worker.start(scheduler(application, stream, ledger, retrieval));
        try {
            ledger.awaitAllProcessed(Duration.ofSeconds(90));
            ledger.assertEachProcessedOnceInKeyOrder();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> LeaseTable.assertCheckpointsAtTheEnd(
                            platform.kinesis(), platform.dynamoDb(), stream, application, ledger));
            assertThat(kclLog.errors()).isEmpty();
            assertThat(kclLog.unexplainedWarnings()).isEmpty();
        } finally {
            second.stop();
        }
        return application;
    }

    private enum Retrieval {
        POLLING,
        FAN_OUT
    }

    /** A KCL scheduler on a thread of its own. */
    private record Worker(Scheduler scheduler, Thread thread) {

        static Worker start(Scheduler scheduler) {
            Thread thread = new Thread(
                    scheduler, "kcl2-" + scheduler.leaseManagementConfig().workerIdentifier());
            thread.start();
            return new Worker(scheduler, thread);
        }

        /**
         * Stopped at once (graceful shutdown is tested with KCL 3.x in dynamodb-api), and awaited: the KCL's metrics
         * publisher flushes while it stops, before the test closes the clients it uses.
         */
        void stop() throws InterruptedException {
            scheduler.shutdown();
            thread.join(30_000);
        }
    }

    private static Scheduler scheduler(String application, String stream, StreamLedger ledger, Retrieval retrieval) {
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
        // The retrieval left as ConfigsBuilder makes it is the KCL 2.x default: enhanced fan-out.
        RetrievalConfig retrievalConfig = configs.retrievalConfig();
        if (retrieval == Retrieval.POLLING) {
            retrievalConfig.retrievalSpecificConfig(
                    new PollingConfig(stream, platform.kinesis()).idleTimeBetweenReadsInMillis(200));
        }
        // Defaults: 10 s lease failover, shard sync every minute, parents polled every 10 s.
        return new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig().parentShardPollIntervalMillis(200),
                configs.leaseManagementConfig().failoverTimeMillis(3_000).shardSyncIntervalMillis(1_000),
                configs.lifecycleConfig(),
                configs.metricsConfig(),
                configs.processorConfig(),
                retrievalConfig);
    }

    /** Records each record in the ledger; checkpoints after every batch, at shard end and when asked to stop. */
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
