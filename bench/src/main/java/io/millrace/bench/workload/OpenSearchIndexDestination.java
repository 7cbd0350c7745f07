package io.millrace.bench.workload;

import io.millrace.bench.stats.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceIndexRotationPeriod;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;

/**
 * An OpenSearch destination: an index of the run's own on a node the user runs ({@code --opensearch-url}, named as
 * the stream's ClusterEndpoint, no rotation), counted with {@code _count} at each poll. The count cannot say which
 * records arrived, so the row has no latency: it is delivered MiB/s (documents counted times the record size) and
 * the check that the index ends with as many documents as records acknowledged (Firehose's default document ids
 * make a replayed buffer replace its documents, not add to them).
 */
public final class OpenSearchIndexDestination implements DeliveryDestination {

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    private final URI cluster;
    private final String index;
    private final String bucket;
    private final String errorPrefix;
    private final int recordSize;
    private final Buffering buffering;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private LongConsumer onRecordBytes;
    private long counted;
    private long counts;

    /** @param index a lower-case index name of the run's own */
    public OpenSearchIndexDestination(
            URI cluster, String index, String bucket, String errorPrefix, int recordSize, Buffering buffering) {
        this.cluster = cluster;
        this.index = index;
        this.bucket = bucket;
        this.errorPrefix = errorPrefix;
        this.recordSize = recordSize;
        this.buffering = buffering;
    }

    @Override
    public String row() {
        return "opensearch";
    }

    @Override
    public Operation operation() {
        return Operation.DELIVERY_OPENSEARCH;
    }

    @Override
    public String latencyOf() {
        return "none: _count says how many documents arrived, not which; the row measures throughput";
    }

    @Override
    public String where() {
        return "in OpenSearch";
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }

    @Override
    public void configure(CreateDeliveryStreamRequest.Builder request) {
        request.amazonopensearchserviceDestinationConfiguration(d -> d.roleARN(S3Destination.ROLE)
                .clusterEndpoint(cluster.toString())
                .indexName(index)
                .indexRotationPeriod(AmazonopensearchserviceIndexRotationPeriod.NO_ROTATION)
                .bufferingHints(h -> h.sizeInMBs(buffering.sizeMb()).intervalInSeconds(buffering.intervalSeconds()))
                .s3Configuration(S3Destination.failedRecords(bucket, errorPrefix)));
    }

    @Override
    public void attach(DeliveryTracker tracker, LongConsumer onRecordBytes) {
        this.onRecordBytes = onRecordBytes;
    }

    @Override
    public boolean tracksRecords() {
        return false;
    }

    @Override
    public void poll() {
        long now = count(index);
        counts++;
        for (; counted < now; counted++) {
            onRecordBytes.accept(recordSize);
        }
    }

    @Override
    public boolean caughtUp(DeliveryTracker tracker) {
        return counted >= tracker.ackedCount();
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("index", cluster + "/" + index);
        notes.put("documents counted in the index", Long.toString(counted));
        notes.put("_count calls", Long.toString(counts));
        return notes;
    }

    /** Documents of {@code name} visible to search; 0 while it does not exist. */
    long count(String name) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(cluster.resolve("/" + name + "/_count")).GET());
        if (response.statusCode() == 404) {
            return 0;
        }
        Matcher m = COUNT.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(
                    "_count of " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(m.group(1));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }

    URI cluster() {
        return cluster;
    }

    public String index() {
        return index;
    }

    @Override
    public String cleanUp() {
        return delete(index);
    }

    /** Deletes index {@code name}; a warning when that failed. */
    String delete(String name) {
        try {
            int status = send(HttpRequest.newBuilder(cluster.resolve("/" + name))
                            .DELETE())
                    .statusCode();
            return status == 200 || status == 404 ? null : "could not delete index " + name + ": HTTP " + status;
        } catch (RuntimeException e) {
            return "could not delete index " + name + ": " + e.getMessage();
        }
    }
}
