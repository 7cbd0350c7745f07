package io.millrace.firehose.api;

import io.millrace.firehose.state.DeliveryHealth;
import io.millrace.firehose.state.HealthReport;
import io.millrace.gateway.store.CompactedTopicLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery health every task publishes ({@link HealthReport}, one record per stream and task in a compacted
 * topic), tailed by each gateway: DescribeDeliveryStream's FailureDescription while a stream's writes fail, and the
 * DeliveryToS3 series of {@code GET /metrics}. A report its task stopped renewing counts as gone.
 */
final class DeliveryHealthView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryHealthView.class);
    private static final String PREFIX = "millrace_firehose_stream_";

    /** One series: its name after the prefix, type, help, how it folds a stream's tasks, and the value of one. */
    private record Series(String name, String type, String help, boolean sum, ToDoubleFunction<HealthReport> value) {}

    private static final List<Series> SERIES = List.of(
            new Series(
                    "delivery_to_s3_successful_puts_total",
                    "counter",
                    "S3 PUTs of the delivery stream that succeeded (Firehose DeliveryToS3.Success, numerator)",
                    true,
                    HealthReport::successfulPuts),
            new Series(
                    "delivery_to_s3_failed_puts_total",
                    "counter",
                    "S3 PUTs of the delivery stream that failed and are retried",
                    true,
                    HealthReport::failedPuts),
            new Series(
                    "delivery_to_s3_records_total",
                    "counter",
                    "Records delivered to S3 (Firehose DeliveryToS3.Records)",
                    true,
                    HealthReport::records),
            new Series(
                    "delivery_to_s3_bytes_total",
                    "counter",
                    "Bytes delivered to S3 (Firehose DeliveryToS3.Bytes)",
                    true,
                    HealthReport::bytes),
            new Series(
                    "delivery_to_s3_data_freshness_seconds",
                    "gauge",
                    "Age of the oldest record not yet delivered to S3 (Firehose DeliveryToS3.DataFreshness)",
                    false,
                    HealthReport::dataFreshnessSeconds),
            new Series(
                    "delivery_to_s3_consecutive_failures",
                    "gauge",
                    "S3 write attempts failed since the last success; 0 while the stream delivers",
                    false,
                    HealthReport::consecutiveFailures));

    private final CompactedTopicLog log;
    private final Map<String, HealthReport> reports = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    DeliveryHealthView(Map<String, Object> clientProps, Admin admin, String topic, LongSupplier clock) {
        this.log = new CompactedTopicLog(clientProps, admin, topic, "millrace-firehose-health", this::apply);
        this.clock = clock;
    }

    void start(Duration timeout) throws Exception {
        log.start(timeout);
    }

    private void apply(long offset, String key, byte[] value, Headers headers) {
        if (value == null) {
            reports.remove(key);
            return;
        }
        try {
            reports.put(key, HealthReport.fromJson(value));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipped the delivery health record of {}: {}", key, e.toString());
        }
    }

    /** The live reports of a stream's tasks. */
    private List<HealthReport> live(String stream, long now) {
        List<HealthReport> live = new ArrayList<>();
        reports.forEach((key, report) -> {
            if (HealthReport.streamOf(key).equals(stream) && !report.staleAt(now)) {
                live.add(report);
            }
        });
        return live;
    }

    /**
     * FailureDescription while some task of the stream fails to deliver: the one failing longest, typed when the
     * task named a KMS failure type (a key that does not open the records it reads).
     */
    Optional<FailureDescription> failure(String stream) {
        return live(stream, clock.getAsLong()).stream()
                .filter(HealthReport::failing)
                .min(Comparator.comparingLong(HealthReport::failingSinceMillis))
                .map(report -> FailureDescription.of(report.errorType(), DeliveryHealth.details(report)));
    }

    /** Forgets a deleted stream's reports, on every gateway (tombstones). */
    CompletableFuture<Void> forget(String stream) {
        List<CompletableFuture<Long>> removed = new ArrayList<>();
        for (String key : List.copyOf(reports.keySet())) {
            if (HealthReport.streamOf(key).equals(stream)) {
                removed.add(log.append(key, null, null));
            }
        }
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new));
    }

    /** The Prometheus text of every stream some live task reports on, its tasks folded together. */
    String metricsText() {
        long now = clock.getAsLong();
        Map<String, List<HealthReport>> byStream = new TreeMap<>();
        reports.forEach((key, report) -> {
            if (!report.staleAt(now)) {
                byStream.computeIfAbsent(HealthReport.streamOf(key), s -> new ArrayList<>())
                        .add(report);
            }
        });
        StringBuilder out = new StringBuilder();
        String success = PREFIX + "delivery_to_s3_success";
        header(
                out,
                success,
                "gauge",
                "Successful S3 PUTs / all S3 PUTs since the tasks started (Firehose "
                        + "DeliveryToS3.Success); 1 before any PUT");
        byStream.forEach((stream, tasks) -> {
            double ok = tasks.stream().mapToDouble(HealthReport::successfulPuts).sum();
            double all =
                    ok + tasks.stream().mapToDouble(HealthReport::failedPuts).sum();
            sample(out, success, stream, all == 0 ? 1.0 : ok / all);
        });
        for (Series series : SERIES) {
            header(out, PREFIX + series.name(), series.type(), series.help());
            byStream.forEach((stream, tasks) -> {
                Function<List<HealthReport>, Double> fold = list -> series.sum()
                        ? list.stream().mapToDouble(series.value()).sum()
                        : list.stream().mapToDouble(series.value()).max().orElse(0);
                sample(out, PREFIX + series.name(), stream, fold.apply(tasks));
            });
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String stream, double value) {
        out.append(name).append("{stream=\"").append(stream).append("\"} ");
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }

    @Override
    public void close() {
        log.close();
    }
}
