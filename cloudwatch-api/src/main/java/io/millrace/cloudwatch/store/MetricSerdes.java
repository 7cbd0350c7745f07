package io.millrace.cloudwatch.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The binary forms of the datapoint topic and of the stores: fixed fields, no schema to evolve yet. */
public final class MetricSerdes {

    /** Version 2 adds the sketch to statistics; version 1 records (no sketch) are still read. */
    private static final byte VERSION = 2;

    private static final byte NO_SKETCH_VERSION = 1;

    private MetricSerdes() {}

    public static Serde<MetricKey> key() {
        return Serdes.serdeFrom(
                (topic, key) -> key == null ? null : key.toBytes(),
                (topic, bytes) -> bytes == null ? null : MetricKey.fromBytes(bytes));
    }

    public static Serde<Stats> stats() {
        return Serdes.serdeFrom(
                (topic, stats) -> stats == null ? null : write(out -> writeStats(out, stats)),
                (topic, bytes) -> bytes == null ? null : read(bytes, MetricSerdes::readStats));
    }

    public static Serde<Datapoint> datapoint() {
        return Serdes.serdeFrom(
                (topic, point) -> point == null
                        ? null
                        : write(out -> {
                            out.writeLong(point.timestampMs());
                            out.writeBoolean(point.highResolution());
                            writeStats(out, point.stats());
                        }),
                (topic, bytes) -> bytes == null
                        ? null
                        : read(
                                bytes,
                                (in, version) ->
                                        new Datapoint(in.readLong(), in.readBoolean(), readStats(in, version))));
    }

    private static void writeStats(DataOutputStream out, Stats stats) throws IOException {
        out.writeDouble(stats.sampleCount());
        out.writeDouble(stats.sum());
        out.writeDouble(stats.minimum());
        out.writeDouble(stats.maximum());
        out.writeUTF(stats.unit());
        stats.sketch().write(out);
    }

    private static Stats readStats(DataInputStream in, byte version) throws IOException {
        return new Stats(
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readUTF(),
                version == NO_SKETCH_VERSION ? Sketch.EMPTY : Sketch.read(in));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, byte version) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != NO_SKETCH_VERSION) {
                throw new IllegalArgumentException("Unknown metric record version " + version);
            }
            return reader.read(in, version);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable metric record", e);
        }
    }
}
