package io.millrace.cloudwatch.store;

import io.millrace.metrics.MetricRecords;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric as CloudWatch tells metrics apart: namespace, name and the exact set of dimensions ("each unique
 * combination of dimensions is a separate metric"). Its bytes, the key of the datapoint topic and of every store,
 * list the dimensions sorted by name, so one metric is one key whatever order a client sends them in.
 */
public record MetricKey(String namespace, String metricName, SortedMap<String, String> dimensions) {

    public MetricKey {
        dimensions = new TreeMap<>(dimensions);
    }

    /** The shared form ({@link MetricRecords#key}), which writers without this API use too. */
    public byte[] toBytes() {
        return MetricRecords.key(namespace, metricName, dimensions);
    }

    public static MetricKey fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            String namespace = in.readUTF();
            String metricName = in.readUTF();
            int count = in.readShort();
            SortedMap<String, String> dimensions = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                dimensions.put(in.readUTF(), in.readUTF());
            }
            return new MetricKey(namespace, metricName, dimensions);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable metric key", e);
        }
    }
}
