package io.millrace.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a flow's sender reports per PutRecords / PutRecordBatch attempt, under the agent's metric names (its
 * KinesisSender and FirehoseSender): RecordSendAttempts, ServiceErrors (0 or 1 a request), and for a request that got
 * a response BytesSent (the data of the records accepted), RecordsSent and RecordSendErrors. Dimensions as the
 * agent's: Destination ({@code KinesisStream:name} or {@code DeliveryStream:name}) and, with cloudwatch.tagInstance,
 * Instance. {@link #NONE} reports nowhere (cloudwatch.emitMetrics false).
 */
public final class DestinationMetrics {

    public static final DestinationMetrics NONE = new DestinationMetrics(null, List.of());

    private final MetricsBuffer buffer;
    private final List<Map.Entry<String, String>> dimensions;

    private DestinationMetrics(MetricsBuffer buffer, List<Map.Entry<String, String>> dimensions) {
        this.buffer = buffer;
        this.dimensions = dimensions;
    }

    /** @param instance the Instance dimension's value, or null for none */
    public static DestinationMetrics of(MetricsBuffer buffer, String destination, String instance) {
        List<Map.Entry<String, String>> dimensions = new ArrayList<>();
        dimensions.add(Map.entry("Destination", destination));
        if (instance != null) {
            dimensions.add(Map.entry("Instance", instance));
        }
        return new DestinationMetrics(buffer, List.copyOf(dimensions));
    }

    /** A request of {@code records} records is about to be sent. */
    public void attempting(int records) {
        count("RecordSendAttempts", records);
    }

    /** The request got no response, or an error response. */
    public void requestFailed() {
        count("ServiceErrors", 1);
    }

    /** The request got a response: {@code sent} records of {@code bytes} bytes accepted, {@code failed} refused. */
    public void responded(int sent, long bytes, int failed) {
        count("ServiceErrors", 0);
        add("BytesSent", "Bytes", bytes);
        count("RecordsSent", sent);
        count("RecordSendErrors", failed);
    }

    private void count(String name, double value) {
        add(name, "Count", value);
    }

    private void add(String name, String unit, double value) {
        if (buffer != null) {
            buffer.add(new MetricsBuffer.Key(name, unit, dimensions), value);
        }
    }
}
