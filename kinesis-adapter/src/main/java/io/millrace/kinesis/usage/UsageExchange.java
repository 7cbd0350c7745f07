package io.millrace.kinesis.usage;

import io.millrace.kinesis.lifecycle.ShardHeat;
import io.millrace.kinesis.throttle.ShardThroughputLimiter;
import io.millrace.schemas.kinesis.StreamMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares each gateway's per-shard usage with the other gateways on the cluster, so that the shard quotas and
 * on-demand scaling count everyone's traffic without a Kafka round trip per request: every interval this gateway
 * drains its {@link ShardUsageTally} and publishes one {@link UsageReport} per stream it used to the usage topic;
 * it reads the others' reports as they arrive and debits them from its own budgets ({@link
 * ShardThroughputLimiter#debitPeers}), and what their enhanced fan-out subscriptions sent from each consumer's
 * budget ({@link ShardThroughputLimiter#debitFanOutPeers}). ON_DEMAND streams' writes, this gateway's and the others', go to the
 * {@link ShardHeat} the on-demand scaler samples.
 *
 * <p>One thread does both, between polls of an unassigned-group consumer that starts at the topic's end: usage
 * from before a gateway started is not its concern. A report that arrives more than {@link #MAX_AGE} after it was
 * sent (a consumer that stalled) is dropped rather than throttling on old traffic. Without sharing, only the tally's
 * ON_DEMAND writes are moved to the heat, with no Kafka client at all.
 */
public final class UsageExchange implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageExchange.class);
    /** How late a peer's report may arrive and still be debited. */
    static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final String gateway = UUID.randomUUID().toString();
    private final ShardUsageTally tally;
    private final ShardThroughputLimiter limiter;
    private final ShardHeat heat;
    private final Function<String, Optional<StreamMode>> modes;
    private final long intervalNanos;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean sendFailing;

    private UsageExchange(
            ShardUsageTally tally,
            ShardThroughputLimiter limiter,
            ShardHeat heat,
            Function<String, Optional<StreamMode>> modes,
            Duration interval,
            String topic,
            Map<String, Object> clientProps) {
        this.tally = tally;
        this.limiter = limiter;
        this.heat = heat;
        this.modes = modes;
        this.intervalNanos = interval.toNanos();
        this.topic = topic;
        if (topic == null) {
            this.producer = null;
            this.consumer = null;
        } else {
            this.producer = new KafkaProducer<>(producerProps(clientProps));
            this.consumer = new KafkaConsumer<>(consumerProps(clientProps));
            assignIfNeeded();
        }
        this.thread = new Thread(this::run, "millrace-shard-usage");
        thread.setDaemon(true);
    }

    /**
     * Starts moving the tally to the limiter and the heat every {@code interval}.
     *
     * @param modes a stream's mode as this gateway's metadata has it (ON_DEMAND streams' writes feed the heat), empty
     *     for a stream it does not know (whose reports it ignores)
     * @param topic the usage topic (which must exist) to share through, or empty to share nothing and open no Kafka
     *     client: only this gateway's ON_DEMAND writes reach the heat
     */
    public static UsageExchange start(
            ShardUsageTally tally,
            ShardThroughputLimiter limiter,
            ShardHeat heat,
            Function<String, Optional<StreamMode>> modes,
            Duration interval,
            Optional<String> topic,
            Map<String, Object> clientProps) {
        UsageExchange exchange =
                new UsageExchange(tally, limiter, heat, modes, interval, topic.orElse(null), clientProps);
        exchange.thread.start();
        return exchange;
    }

    /**
     * Reads the usage topic from its end once its partitions are known: a topic just created may have no metadata
     * yet, and a consumer assigned nothing cannot poll, so the loop tries again every interval until it does.
     */
    private boolean assignIfNeeded() {
        if (!consumer.assignment().isEmpty()) {
            return true;
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return false;
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return true;
    }

    private void run() {
        long next = System.nanoTime() + intervalNanos;
        String lastFailure = null;
        while (running) {
            try {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    if (consumer == null || !assignIfNeeded()) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else {
                        consumer.poll(Duration.ofNanos(wait)).forEach(this::apply);
                    }
                } else {
                    publish();
                    next = Math.max(next + intervalNanos, System.nanoTime());
                }
            } catch (WakeupException | InterruptedException e) {
                if (running) {
                    LOG.warn("Shard usage exchange interrupted: {}", e.toString());
                }
                return;
            } catch (RuntimeException e) {
                // One line per kind of failure, not one per interval: the next interval tries again.
                if (!e.toString().equals(lastFailure)) {
                    LOG.warn("Shard usage exchange: {}", e.toString());
                    lastFailure = e.toString();
                }
                next = System.nanoTime() + intervalNanos;
                try {
                    TimeUnit.NANOSECONDS.sleep(intervalNanos);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void publish() {
        Map<String, List<ShardUsage>> shards = tally.drain();
        Map<String, List<FanOutUsage>> fanOut = tally.drainFanOut();
        Set<String> streams = new LinkedHashSet<>(shards.keySet());
        streams.addAll(fanOut.keySet());
        for (String stream : streams) {
            List<ShardUsage> used = shards.getOrDefault(stream, List.of());
            feedHeat(stream, modes.apply(stream), used);
            if (producer != null) {
                UsageReport report = new UsageReport(gateway, stream, used, fanOut.getOrDefault(stream, List.of()));
                producer.send(
                        new ProducerRecord<>(topic, stream.getBytes(StandardCharsets.UTF_8), report.value()),
                        (metadata, error) -> reportSend(error));
            }
        }
    }

    /** One line when publishing starts failing and one when it works again, not one per report. */
    private void reportSend(Exception error) {
        if (error != null && !sendFailing) {
            sendFailing = true;
            LOG.warn("Shard usage not shared with the other gateways: {}", error.toString());
        } else if (error == null && sendFailing) {
            sendFailing = false;
            LOG.info("Shard usage shared with the other gateways again");
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String stream = new String(record.key(), StandardCharsets.UTF_8);
        UsageReport report;
        try {
            report = UsageReport.parse(stream, record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("Unreadable shard usage report at offset {}: {}", record.offset(), e.getMessage());
            return;
        }
        Optional<StreamMode> mode = modes.apply(stream);
        // A stream this gateway does not know (deleted, or not seen yet) has no budget here to debit.
        if (report.gateway().equals(gateway)
                || record.timestamp() < System.currentTimeMillis() - MAX_AGE.toMillis()
                || mode.isEmpty()) {
            return;
        }
        for (ShardUsage usage : report.shards()) {
            limiter.debitPeers(
                    stream,
                    usage.shard(),
                    usage.writeRecords(),
                    usage.writeBytes(),
                    usage.getRecordsCalls(),
                    usage.readBytes());
        }
        for (FanOutUsage usage : report.fanOut()) {
            limiter.debitFanOutPeers(stream, usage.consumer(), usage.shard(), usage.bytes());
        }
        feedHeat(stream, mode, report.shards());
    }

    private void feedHeat(String stream, Optional<StreamMode> mode, List<ShardUsage> used) {
        if (mode.filter(StreamMode.ON_DEMAND::equals).isPresent()) {
            for (ShardUsage usage : used) {
                if (usage.hasWrites()) {
                    heat.add(stream, usage.shard(), usage.writeBytes(), usage.writeRecords());
                }
            }
        }
    }

    private static Map<String, Object> producerProps(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-shard-usage");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Usage is advisory and superseded every interval: one replica's acknowledgement, no retry storm, and a
        // broker outage must not block the exchange's thread for the default minute.
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        return props;
    }

    private static Map<String, Object> consumerProps(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-shard-usage");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        } else {
            thread.interrupt();
        }
        thread.join(5_000);
        if (consumer != null) {
            consumer.close();
            producer.close(Duration.ofSeconds(1));
        }
    }
}
