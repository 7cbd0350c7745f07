package io.millrace.metrics;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;

/**
 * The binary form of a platform datapoint in the CloudWatch API's datapoint topic, for writers that have none of the
 * CloudWatch API (the Firehose sink in a Connect worker). The key is the metric (namespace, name, dimensions sorted by
 * name: one metric, one key, one partition); the value a StatisticValues set at its timestamp, in version 2 of the
 * topic's record format with an empty quantile sketch, as the CloudWatch API's own serde writes a statistic set.
 * The CloudWatch API's {@code MetricKey} writes its keys here and its tests read these values back with its serde.
 */
public final class MetricRecords {

    /** The datapoint record version this writes (2: statistics followed by a sketch). */
    static final byte VERSION = 2;

    private MetricRecords() {}

    public static byte[] key(String namespace, String metricName, SortedMap<String, String> dimensions) {
        return write(out -> {
            out.writeUTF(namespace);
            out.writeUTF(metricName);
            out.writeShort(dimensions.size());
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                out.writeUTF(dimension.getKey());
                out.writeUTF(dimension.getValue());
            }
        });
    }

    public static byte[] key(MetricSample sample) {
        return key(sample.namespace(), sample.metricName(), sample.dimensions());
    }

    /** A 1-minute (not high-resolution) statistic set with no distribution. */
    public static byte[] value(MetricSample sample) {
        return write(out -> {
            out.writeByte(VERSION);
            out.writeLong(sample.timestampMs());
            out.writeBoolean(false);
            out.writeDouble(sample.sampleCount());
            out.writeDouble(sample.sum());
            out.writeDouble(sample.minimum());
            out.writeDouble(sample.maximum());
            out.writeUTF(sample.unit());
            // The empty sketch: no zeros, no positive buckets, no negative buckets.
            out.writeDouble(0);
            out.writeInt(0);
            out.writeInt(0);
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
