package io.millrace.firehose.connect;

import io.millrace.firehose.catalog.GluePartitionRegistrar;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.GluePartitionSettings;
import io.millrace.firehose.config.HttpEndpointSettings;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.delivery.Backoff;
import io.millrace.firehose.delivery.DeliveryEngine;
import io.millrace.firehose.delivery.DestinationSink;
import io.millrace.firehose.delivery.KafkaSegmentLog;
import io.millrace.firehose.delivery.S3SegmentLog;
import io.millrace.firehose.delivery.SegmentLog;
import io.millrace.firehose.encryption.DataKeys;
import io.millrace.firehose.encryption.EnvelopeOpener;
import io.millrace.firehose.encryption.KmsRefusal;
import io.millrace.firehose.encryption.RecordDecryptor;
import io.millrace.firehose.encryption.SourceKeys;
import io.millrace.firehose.http.HttpEndpointDelivery;
import io.millrace.firehose.iceberg.IcebergCatalogs;
import io.millrace.firehose.iceberg.IcebergDelivery;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.metrics.DeliveryMetricsPublisher;
import io.millrace.firehose.opensearch.OpenSearchDelivery;
import io.millrace.firehose.opensearch.OpenSearchSettings;
import io.millrace.firehose.processing.ProcessingPipeline;
import io.millrace.firehose.processing.RecordOutcome;
import io.millrace.firehose.processing.RecordProcessor;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import io.millrace.firehose.state.DeliveryHealth;
import io.millrace.firehose.state.DeliveryTarget;
import io.millrace.firehose.state.HealthReport;
import io.millrace.firehose.state.StateClients;
import io.millrace.firehose.state.StateTopics;
import io.millrace.metrics.MetricRecordWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Delivers the records of its partitions to S3 with Firehose's buffering and naming.
 *
 * <p>Two threads drive the {@link DeliveryEngine}: Connect's, through {@link #put}, and a timer that closes
 * buffers whose interval has passed, because Connect only calls {@code put} when the consumer returns (at the
 * latest every offset.flush.interval.ms), too rarely for a 60-second interval with an idle topic. Offsets are
 * committed only up to records already written ({@link #preCommit}), while finished objects are written several at
 * once in the engine's upload threads as the task buffers the next ones; while S3 fails, {@code put} throws
 * {@link RetriableException} so Connect pauses the partitions and redelivers, and Kafka keeps the data.
 *
 * <p>With Kafka settings ({@code kafka.bootstrap.servers}) the segment log is a compacted topic and the task
 * publishes its {@link DeliveryHealth} to another one, which the gateways read; one idempotent acks=all producer
 * serves both.
 */
public final class FirehoseS3SinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(FirehoseS3SinkTask.class);
    /**
     * Longest wait for the store to take the objects already started before the task buffers more: one S3 call's
     * timeout, well within Kafka's max.poll.interval.ms (5 minutes).
     */
    private static final long WRITE_CAPACITY_WAIT_MILLIS = 60_000;

    private FirehoseSinkConfig config;
    private S3Client s3;
    private DeliveryEngine engine;
    private ProcessingPipeline processing;
    private RecordDecryptor decryptor;
    private SourceKeys sourceKeys;
    private EnvelopeOpener envelopes;
    /** Between attempts to open encrypted records while KMS refuses: apart from S3's, which it must not delay. */
    private Backoff kmsBackoff;

    private DeliveryMetrics metrics;
    /** The source is a Kinesis stream: the task counts what it reads (DataReadFromKinesisStream). */
    private boolean kinesisSource;
    /** Stops publishing the delivery metrics to CloudWatch (after a last publish). */
    private Runnable stopCloudWatch = () -> {};

    private Backoff backoff;
    private DeliveryHealth health;
    /** Registers the Hive-style partitions of written objects in the Glue table, or null when not configured. */
    private GluePartitionRegistrar gluePartitions;
    /** The task's producer of delivery state, or null without Kafka settings. */
    private KafkaProducer<String, String> stateProducer;

    private KafkaSegmentLog kafkaSegmentLog;
    private ScheduledExecutorService timer;
    /** Set by stop(): uploads interrupted by the shutdown are not outages worth a warning. */
    private volatile boolean stopping;
    /**
     * Set while {@link #put} handles a batch, which it ends by closing due buffers itself: the timer must not cut
     * a batch in the middle. A backlog older than the interval (after a restart) is due at once, and would
     * otherwise leave as one object per timer tick.
     */
    private volatile boolean putting;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new FirehoseSinkConfig(props);
        s3 = S3Clients.create(config);
        String taskId = props.getOrDefault(FirehoseS3SinkConnector.TASK_INDEX, "0");
        metrics = new DeliveryMetrics(config.streamName(), taskId);
        kinesisSource = config.kinesisStreamSource();
        S3SegmentLog s3SegmentLog =
                new S3SegmentLog(s3, config.segmentLogBucket(), config.segmentLogPrefix(), config.streamName());
        SegmentLog segmentLog;
        Consumer<HealthReport> publisher;
        Map<String, Object> kafka = config.stateKafkaClientProps();
        if (kafka.isEmpty()) {
            log.warn(
                    "Delivery stream {}: no {}, so the segment log stays in S3 (bucket {}, prefix {}) and no "
                            + "delivery health is published",
                    config.streamName(),
                    StateKeys.KAFKA_BOOTSTRAP_SERVERS,
                    config.segmentLogBucket(),
                    config.segmentLogPrefix());
            segmentLog = s3SegmentLog;
            publisher = report -> {};
        } else {
            String clientId = "millrace-firehose-" + config.streamName() + "-" + taskId;
            ensureStateTopics(kafka, clientId);
            stateProducer = StateClients.producer(kafka, clientId);
            kafkaSegmentLog = new KafkaSegmentLog(
                    stateProducer,
                    () -> StateClients.consumer(kafka, clientId),
                    config.segmentLogTopic(),
                    config.streamName(),
                    s3SegmentLog);
            segmentLog = kafkaSegmentLog;
            String healthTopic = config.healthTopic();
            KafkaProducer<String, String> producer = stateProducer;
            publisher = report -> producer.send(new ProducerRecord<>(
                    healthTopic, HealthReport.key(report.stream(), report.task()), report.toJson()));
        }
        health = new DeliveryHealth(
                config.streamName(),
                taskId,
                deliveryTarget(),
                metrics.delivery(),
                publisher,
                System::currentTimeMillis,
                config.healthIntervalMillis());
        health.publishIfDue();
        stopCloudWatch = publishMetrics(kafka, taskId);
        ObjectWriter writer = new ObjectWriter(s3, config.sseKmsKeys());
        DestinationSink sink = destinationSink(writer);
        engine = new DeliveryEngine(config, writer, sink, segmentLog, metrics, System::currentTimeMillis);
        GluePartitionSettings partitionSettings = GluePartitionSettings.from(config);
        if (partitionSettings != null) {
            gluePartitions = GluePartitionRegistrar.start(
                    config.streamName(), partitionSettings, config.backoffInitialMillis(), config.backoffMaxMillis());
            engine.onDestinationWritten(gluePartitions::written);
        }
        processing = ProcessingPipeline.of(config, metrics.processing());
        decryptor = new RecordDecryptor(config.streamName(), DataKeys.parse(config.encryptionDataKeys()));
        sourceKeys = SourceKeys.of(props);
        envelopes = new EnvelopeOpener(config.streamName(), sourceKeys.cipher());
        backoff = new Backoff(config.backoffInitialMillis(), config.backoffMaxMillis());
        kmsBackoff = new Backoff(config.backoffInitialMillis(), config.backoffMaxMillis());
        long intervalMillis = config.destination().bufferIntervalMillis();
        if (config.backupEnabled()) {
            intervalMillis = Math.min(intervalMillis, config.backup().bufferIntervalMillis());
        }
        // Ticks fine enough that an interval fires within a quarter of itself (and within 1 s), never busy-looping.
        long tick = Math.max(100, Math.min(1000, intervalMillis / 4));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firehose-timer-" + config.streamName());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::onTimer, tick, tick, TimeUnit.MILLISECONDS);
        log.info(
                "Delivery stream {} started: {}, buffering {} MiB / {} s, compression {}{}",
                config.streamName(),
                destinationDescription(),
                config.destination().bufferSizeBytes() >> 20,
                config.destination().bufferIntervalMillis() / 1000,
                config.destination().compression().awsName(),
                config.backupEnabled() ? ", backup to " + config.backup().bucket() : "");
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        putting = true;
        try {
            putBatch(records);
        } finally {
            putting = false;
        }
    }

    private void putBatch(Collection<SinkRecord> records) {
        engine.sealDue();
        writeOrRetryLater();
        // Processed as one batch before anything is buffered: the Lambda function sees Connect's batch (chunked by
        // BufferSizeInMBs), and the engine's lock is not held while it runs. Redelivered records are not sent again.
        List<SinkRecord> fresh;
        try {
            // Decrypted first: processors and the error output see the data as it was put.
            fresh = records.stream()
                    .filter(engine::isNew)
                    .map(decryptor::apply)
                    .map(envelopes::apply)
                    .toList();
            if (sourceKeys.opened(health)) {
                kmsBackoff.succeeded();
            }
        } catch (KmsRefusal e) {
            // Nothing of the batch was buffered: Connect hands it back after the wait, and KMS is asked again.
            sourceKeys.refused(e, health);
            kmsBackoff.failed(System.currentTimeMillis());
            long wait = Math.max(1, kmsBackoff.remaining(System.currentTimeMillis()));
            context.timeout(wait);
            throw new QuietRetriableException("Delivery stream " + config.streamName()
                    + " cannot open encrypted records (" + e.failureType() + "); retrying in " + wait + " ms");
        } catch (RecordDecryptor.UnknownDataKeyException e) {
            // The gateway gives Connect a new key before it encrypts with it; this task restarts with it soon.
            context.timeout(1000);
            throw new RetriableException(e.getMessage());
        }
        List<RecordOutcome> outcomes = processing.process(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            SinkRecord record = fresh.get(i);
            try {
                engine.accept(record, outcomes.get(i));
            } catch (SdkException | KafkaException e) {
                // Reading a newly assigned partition's segment log failed: nothing was buffered, retry the batch.
                backoff.failed(System.currentTimeMillis());
                health.failed(e);
                long wait = Math.max(1, backoff.remaining(System.currentTimeMillis()));
                context.timeout(wait);
                throw new QuietRetriableException("Delivery stream " + config.streamName()
                        + " cannot read its segment log (" + e + "); retrying in " + wait + " ms");
            }
            countRead(record);
            // A buffer that reached its size is written at once, before more records pile up behind it.
            writeOrRetryLater();
        }
        // IntervalInSeconds 0: nothing waits for the next batch.
        engine.sealDue();
        writeOrRetryLater();
    }

    /**
     * DataReadFromKinesisStream: a record of a Kinesis stream source the engine took (the batch's records it had not
     * taken yet, so a redelivery after a retry is not counted twice, a replay after a reassignment is), with its data
     * as readers of the stream get it (decrypted).
     */
    private void countRead(SinkRecord record) {
        if (kinesisSource) {
            byte[] data = RecordProcessor.rawData(record);
            metrics.kinesisReads().read(data == null ? 0 : data.length);
        }
    }

    private void writeOrRetryLater() {
        if (!engine.hasUnwrittenObjects()) {
            return;
        }
        if (!tryWrite()) {
            long wait = Math.max(1, backoff.remaining(System.currentTimeMillis()));
            context.timeout(wait);
            throw new QuietRetriableException("Deliveries of delivery stream " + config.streamName()
                    + " are failing; retrying in " + wait + " ms");
        }
        try {
            engine.awaitWriteCapacity(WRITE_CAPACITY_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Delivery stream " + config.streamName() + " interrupted");
        }
    }

    /** @return true when every finished object has been written */
    private boolean tryWrite() {
        long now = System.currentTimeMillis();
        if (!backoff.ready(now)) {
            return false;
        }
        try {
            int written = engine.advanceWrites();
            backoff.succeeded();
            health.succeeded();
            if (written > 0) {
                // Commit soon: the fewer objects a crash leaves uncommitted, the less a restart rewrites.
                context.requestCommit();
            }
            return true;
        } catch (RuntimeException e) {
            backoff.failed(now);
            if (!stopping) {
                // Logged once when delivery starts failing and once when it recovers, never per retry.
                health.failed(e);
            }
            return false;
        }
    }

    private void onTimer() {
        if (putting) {
            return;
        }
        try {
            engine.sealDue();
            if (engine.hasUnwrittenObjects()) {
                tryWrite();
            }
            health.publishIfDue();
        } catch (RuntimeException e) {
            // The timer must survive anything: a dead timer would silently stop interval flushes.
            log.error("Delivery stream {}: buffer timer failed: {}", config.streamName(), e.toString());
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Writes that finished since the last put count: the commit then covers them, rather than the next one (on
        // an idle topic, offset.flush.interval.ms later). A failure is left to the next put or timer tick.
        if (engine.hasUnwrittenObjects()) {
            tryWrite();
        }
        return engine.committableOffsets(currentOffsets.keySet());
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Unused: preCommit decides what is committed.
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        engine.discard(partitions);
    }

    @Override
    public void stop() {
        stopping = true;
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (engine != null) {
            engine.close();
        }
        if (gluePartitions != null) {
            gluePartitions.close();
        }
        if (processing != null) {
            processing.close();
        }
        if (sourceKeys != null) {
            sourceKeys.close();
        }
        if (kafkaSegmentLog != null) {
            kafkaSegmentLog.close();
        }
        if (stateProducer != null) {
            stateProducer.close(Duration.ofSeconds(5));
        }
        if (s3 != null) {
            s3.close();
        }
        stopCloudWatch.run();
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The destination as the start-up line names it: the health report's target, and the bucket of failures. */
    private String destinationDescription() {
        DeliveryTarget target = deliveryTarget();
        return DeliveryTarget.S3.equals(target.kind())
                ? target.describe()
                : target.describe() + " (S3 bucket " + target.bucket() + ")";
    }

    /** The destination kind and target the health report names (DescribeDeliveryStream's FailureDescription). */
    private DeliveryTarget deliveryTarget() {
        String bucket = config.destination().bucket();
        HttpEndpointSettings endpoint = config.httpEndpoint();
        if (endpoint != null) {
            return new DeliveryTarget(DeliveryTarget.HTTP_ENDPOINT, endpoint.url(), bucket);
        }
        OpenSearchSettings openSearch = OpenSearchSettings.from(config);
        if (openSearch != null) {
            return new DeliveryTarget(DeliveryTarget.OPENSEARCH, openSearch.endpointUrl(), bucket);
        }
        IcebergSettings iceberg = config.iceberg();
        if (iceberg != null) {
            String tables = iceberg.tables().stream()
                    .map(t -> t.database() + "." + t.table())
                    .collect(Collectors.joining(", "));
            return new DeliveryTarget(DeliveryTarget.ICEBERG, tables, bucket);
        }
        return DeliveryTarget.s3(bucket);
    }

    /** Where the destination's buffers go instead of S3 objects, or null for an S3 destination. */
    private DestinationSink destinationSink(ObjectWriter writer) {
        HttpEndpointSettings endpoint = config.httpEndpoint();
        if (endpoint != null) {
            return new HttpEndpointDelivery(
                    config.streamName(),
                    endpoint,
                    config.destination().bucket(),
                    config.destination().keys(),
                    writer,
                    System::currentTimeMillis);
        }
        OpenSearchSettings openSearch = OpenSearchSettings.from(config);
        if (openSearch != null) {
            return new OpenSearchDelivery(
                    config.streamName(),
                    openSearch,
                    config.destination().bucket(),
                    config.destination().keys(),
                    writer,
                    System::currentTimeMillis);
        }
        IcebergSettings iceberg = config.iceberg();
        if (iceberg != null) {
            return new IcebergDelivery(
                    config.streamName(),
                    iceberg,
                    IcebergCatalogs.open("firehose-" + config.streamName(), iceberg),
                    config.destination().bucket(),
                    writer);
        }
        return null;
    }

    /** Publishes the delivery metrics to the CloudWatch API's topic, when the Firehose API named one. */
    private Runnable publishMetrics(Map<String, Object> kafka, String taskId) {
        if (kafka.isEmpty() || config.cloudWatchTopic().isBlank()) {
            return () -> {};
        }
        MetricRecordWriter writer = new MetricRecordWriter(
                kafka,
                config.cloudWatchTopic(),
                "millrace-firehose-" + config.streamName() + "-" + taskId + "-metrics");
        DeliveryMetricsPublisher publisher = new DeliveryMetricsPublisher(
                config.streamName(),
                new DeliveryMetricsPublisher.Outputs(
                        config.destinationMetricName(),
                        config.backupEnabled(),
                        config.kinesisStreamSource(),
                        config.lambdaSettings() != null),
                metrics,
                writer,
                Clock.systemUTC(),
                Duration.ofMillis(config.cloudWatchIntervalMillis()));
        return () -> {
            publisher.close();
            writer.close();
        };
    }

    /** Creates the state topics unless they exist; a task without the right to create them uses them as they are. */
    private void ensureStateTopics(Map<String, Object> kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        try (Admin admin = Admin.create(props)) {
            StateTopics.ensureCompacted(admin, config.segmentLogTopic());
            StateTopics.ensureCompacted(admin, config.healthTopic());
        } catch (Exception e) {
            log.warn(
                    "Delivery stream {}: could not make sure topics {} and {} exist: {}",
                    config.streamName(),
                    config.segmentLogTopic(),
                    config.healthTopic(),
                    e.toString());
        }
    }

    /**
     * A retry Connect logs with its own line: without a stack trace, since a failing S3 would otherwise print one per
     * attempt. The failure itself is logged once by {@link DeliveryHealth}.
     */
    private static final class QuietRetriableException extends RetriableException {
        QuietRetriableException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
