package io.millrace.kinesis.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway's usage of one stream's shards during one interval, as a record of the usage topic: the key is the
 * stream's name, the value a version byte, the gateway's id and the shards' figures in fixed-width binary (a few
 * dozen bytes a shard, decoded without a schema registry or a JSON parser on every gateway).
 */
public record UsageReport(String gateway, String stream, List<ShardUsage> shards) {

    private static final byte VERSION = 1;
    /** More shards than any stream has (AWS's quota is 10,000 open shards a stream); guards a corrupt count. */
    private static final int MAX_SHARDS = 1 << 20;

    public UsageReport {
        shards = List.copyOf(shards);
    }

    public byte[] value() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + shards.size() * 36);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(gateway);
            out.writeInt(shards.size());
            for (ShardUsage usage : shards) {
                out.writeInt(usage.shard());
                out.writeLong(usage.writeRecords());
                out.writeLong(usage.writeBytes());
                out.writeLong(usage.getRecordsCalls());
                out.writeLong(usage.readBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a report back.
     *
     * @throws IllegalArgumentException for a value this version cannot read (a newer gateway's, or garbage)
     */
    public static UsageReport parse(String stream, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("usage report version " + version + " is not " + VERSION);
            }
            String gateway = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > MAX_SHARDS) {
                throw new IllegalArgumentException("usage report of " + count + " shards");
            }
            List<ShardUsage> shards = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                shards.add(new ShardUsage(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            return new UsageReport(gateway, stream, shards);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated usage report", e);
        }
    }
}
