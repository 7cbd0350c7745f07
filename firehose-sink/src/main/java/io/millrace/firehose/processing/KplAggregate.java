package io.millrace.firehose.processing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records aggregated by the Kinesis Producer Library: the magic bytes F3 89 9A C2, a protobuf {@code AggregatedRecord}
 * and the MD5 of that protobuf. Firehose de-aggregates them when it reads a Kinesis stream, before any processor.
 *
 * <pre>
 * message AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 *                            repeated Record records = 3; }
 * message Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *                  required bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 *
 * Parsed by hand (a few dozen lines) rather than with a protobuf dependency in every Connect worker's plugin path.
 */
public final class KplAggregate {
    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    private static final int MD5_LENGTH = 16;

    /** One user record of an aggregate, with its partition key and its index (the sub-sequence number). */
    public record SubRecord(String partitionKey, byte[] data, int subSequenceNumber) {}

    private KplAggregate() {}

    /**
     * The user records of a KPL aggregate, or null when {@code data} is not one (no magic bytes, a wrong checksum
     * or a malformed protobuf): like the KCL, such a record is passed on as an ordinary record.
     */
    public static List<SubRecord> deaggregate(byte[] data) {
        if (data == null
                || data.length < MAGIC.length + MD5_LENGTH
                || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        int end = data.length - MD5_LENGTH;
        if (!Arrays.equals(md5(data, MAGIC.length, end), 0, MD5_LENGTH, data, end, data.length)) {
            return null;
        }
        try {
            return parseAggregatedRecord(new Reader(data, MAGIC.length, end));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Builds an aggregate as the KPL does; tests use it to make input. */
    public static byte[] aggregate(List<String> partitionKeys, List<byte[]> records, List<Integer> keyIndexes) {
        Writer body = new Writer();
        for (String key : partitionKeys) {
            body.bytesField(1, key.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < records.size(); i++) {
            Writer record = new Writer();
            record.varintField(1, keyIndexes.get(i));
            record.bytesField(3, records.get(i));
            body.bytesField(3, record.toBytes());
        }
        byte[] proto = body.toBytes();
        byte[] out = new byte[MAGIC.length + proto.length + MD5_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(proto, 0, out, MAGIC.length, proto.length);
        System.arraycopy(md5(proto, 0, proto.length), 0, out, MAGIC.length + proto.length, MD5_LENGTH);
        return out;
    }

    private static List<SubRecord> parseAggregatedRecord(Reader in) {
        List<String> keys = new ArrayList<>();
        List<Long> keyIndexes = new ArrayList<>();
        List<byte[]> datas = new ArrayList<>();
        while (in.hasMore()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (field == 1 && wireType == 2) {
                keys.add(new String(in.lengthDelimited(), StandardCharsets.UTF_8));
            } else if (field == 3 && wireType == 2) {
                byte[] record = in.lengthDelimited();
                Reader r = new Reader(record, 0, record.length);
                Long keyIndex = null;
                byte[] payload = null;
                while (r.hasMore()) {
                    long t = r.varint();
                    int f = (int) (t >>> 3);
                    int w = (int) (t & 7);
                    if (f == 1 && w == 0) {
                        keyIndex = r.varint();
                    } else if (f == 3 && w == 2) {
                        payload = r.lengthDelimited();
                    } else {
                        r.skip(w);
                    }
                }
                if (keyIndex == null || payload == null) {
                    throw new IllegalArgumentException("a record without partition_key_index or data");
                }
                keyIndexes.add(keyIndex);
                datas.add(payload);
            } else {
                in.skip(wireType);
            }
        }
        List<SubRecord> out = new ArrayList<>(datas.size());
        for (int i = 0; i < datas.size(); i++) {
            long keyIndex = keyIndexes.get(i);
            if (keyIndex < 0 || keyIndex >= keys.size()) {
                throw new IllegalArgumentException("partition_key_index out of the table");
            }
            out.add(new SubRecord(keys.get((int) keyIndex), datas.get(i), i));
        }
        return out;
    }

    private static byte[] md5(byte[] data, int from, int to) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, from, to - from);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    /** Protobuf wire format reading: varints, length-delimited fields, skipping what is not needed. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = buf[pos++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        byte[] lengthDelimited() {
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IllegalArgumentException("length beyond the message");
            }
            byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> lengthDelimited();
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("truncated field");
            }
            pos += n;
        }
    }

    private static final class Writer {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void varintField(int field, long value) {
            varint((long) field << 3);
            varint(value);
        }

        void bytesField(int field, byte[] value) {
            varint(((long) field << 3) | 2);
            varint(value.length);
            out.writeBytes(value);
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
