package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.PrometheusExposition;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Shard-level metrics switched on and off per stream, served on GET /metrics. */
class EnhancedMonitoringIT {

    private static String metrics() throws Exception {
        return metrics(TestGateway.shared());
    }

    private static String metrics(TestGateway gateway) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(gateway.endpoint().resolve("/metrics"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one series, e.g. {@code stream_iterator_age_milliseconds} of a stream or of its shard 0. */
    private static long value(String text, String metric, String stream, boolean shardLevel) {
        String series = "millrace_kinesis_" + metric + "{stream=\"" + stream + "\""
                + (shardLevel ? ",shard=\"shardId-000000000000\"" : "") + "} ";
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\d+)$").matcher(text);
        assertThat(matcher.find()).as("series %s in%n%s", series, text).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void iteratorAgeAndThrottlingAreCountedPerStreamAndShard() throws Exception {
        TestGateway gateway = TestGateway.sharedWithLimits();
        KinesisClient kinesis = gateway.client(false);
        String stream = "monitored-limits-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        kinesis.enableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetrics(MetricsName.ALL));

        // Reading records written 1.5 s earlier: the iterator is that old.
        for (int i = 0; i < 3; i++) {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("old")));
        }
        Thread.sleep(1_500);
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(3);
        String text = metrics(gateway);
        for (boolean shardLevel : new boolean[] {false, true}) {
            String metric = (shardLevel ? "shard" : "stream") + "_iterator_age_milliseconds";
            assertThat(value(text, metric, stream, shardLevel)).isBetween(1_500L, 60_000L);
        }

        // Five GetRecords calls per second per shard: each refused call is counted.
        int refusedReads = 0;
        for (int i = 0; i < 10; i++) {
            try {
                kinesis.getRecords(b -> b.shardIterator(iterator));
            } catch (ProvisionedThroughputExceededException e) {
                refusedReads++;
            }
        }
        assertThat(refusedReads).isPositive();
        // 5 MB in one PutRecords, about five times a shard's second: each refused record is counted.
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k" + i)
                    .data(SdkBytes.fromByteArray(new byte[10_000]))
                    .build());
        }
        int refusedWrites =
                kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount();
        assertThat(refusedWrites).isPositive();
        text = metrics(gateway);
        for (boolean shardLevel : new boolean[] {false, true}) {
            String level = shardLevel ? "shard" : "stream";
            assertThat(value(text, level + "_read_throughput_exceeded_total", stream, shardLevel))
                    .isEqualTo(refusedReads);
            assertThat(value(text, level + "_write_throughput_exceeded_total", stream, shardLevel))
                    .isEqualTo(refusedWrites);
        }
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void enabledShardMetricsAreServedAndDisabledOnesAreNot(boolean cbor) throws Exception {
        KinesisClient kinesis = TestGateway.shared().client(cbor);
        String stream = "monitored-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));

        var enabled = kinesis.enableEnhancedMonitoring(
                b -> b.streamName(stream).shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS));
        assertThat(enabled.currentShardLevelMetrics()).isEmpty();
        assertThat(enabled.desiredShardLevelMetrics())
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS);
        assertThat(kinesis.describeStream(b -> b.streamName(stream))
                        .streamDescription()
                        .enhancedMonitoring()
                        .get(0)
                        .shardLevelMetrics())
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS);

        for (int i = 0; i < 3; i++) {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("12345")));
        }
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(3);

        String text = metrics();
        // The whole page, the gateway's series and every service's, is what a Prometheus scraper reads.
        assertThat(PrometheusExposition.parse(text)
                        .value("millrace_kinesis_stream_incoming_records_total", Map.of("stream", stream)))
                .isEqualTo(3);
        // Data plus partition key: 3 records of 5 + 1 bytes.
        assertThat(text)
                .contains("millrace_kinesis_stream_incoming_bytes_total{stream=\"" + stream + "\"} 18")
                .contains("millrace_kinesis_stream_incoming_records_total{stream=\"" + stream + "\"} 3")
                .contains("millrace_kinesis_stream_outgoing_records_total{stream=\"" + stream + "\"} 3")
                .contains("millrace_kinesis_shard_incoming_bytes_total{stream=\"" + stream
                        + "\",shard=\"shardId-000000000000\"} 18")
                .contains("millrace_kinesis_shard_outgoing_records_total{stream=\"" + stream
                        + "\",shard=\"shardId-000000000000\"} 3")
                .doesNotContain("millrace_kinesis_shard_incoming_records_total{stream=\"" + stream + "\"");

        var disabled =
                kinesis.disableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetrics(MetricsName.ALL));
        assertThat(disabled.desiredShardLevelMetrics()).isEmpty();
        assertThat(metrics())
                .doesNotContain("millrace_kinesis_shard_incoming_bytes_total{stream=\"" + stream + "\"")
                .contains("millrace_kinesis_stream_incoming_bytes_total{stream=\"" + stream + "\"} 18");

        assertThatThrownBy(() -> kinesis.enableEnhancedMonitoring(
                        b -> b.streamName(stream).shardLevelMetricsWithStrings("Everything")))
                .isInstanceOfSatisfying(
                        KinesisException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        kinesis.deleteStream(b -> b.streamName(stream));
    }
}
