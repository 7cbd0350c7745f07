package io.millrace.kpl015;

import com.amazonaws.services.kinesis.producer.protobuf.Messages;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The KPL's aggregation format, read as the launcher's MillraceTlsIT reads KPL 1.x records: the magic bytes
 * F3 89 9A C2, a protobuf {@code AggregatedRecord} (parsed with the KPL's own generated classes) and the MD5 of that
 * protobuf.
 */
final class KplRecords {

    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    private static final int MD5_LENGTH = 16;

    /** One user record of an aggregate: its partition key (from the aggregate's table) and its data as text. */
    record UserRecord(String partitionKey, String data) {}

    private KplRecords() {}

    /**
     * The user records of an aggregated Kinesis record, or null when {@code bytes} does not start with the magic
     * bytes (a record the KPL sent on its own). An aggregate whose MD5 does not match fails.
     */
    static List<UserRecord> deaggregate(byte[] bytes) throws InvalidProtocolBufferException {
        if (bytes.length < MAGIC.length + MD5_LENGTH
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        byte[] message = Arrays.copyOfRange(bytes, MAGIC.length, bytes.length - MD5_LENGTH);
        if (!Arrays.equals(md5(message), Arrays.copyOfRange(bytes, bytes.length - MD5_LENGTH, bytes.length))) {
            throw new IllegalStateException("an aggregated record whose MD5 does not match its protobuf");
        }
        Messages.AggregatedRecord aggregate = Messages.AggregatedRecord.parseFrom(message);
        return aggregate.getRecordsList().stream()
                .map(r -> new UserRecord(
                        aggregate.getPartitionKeyTable((int) r.getPartitionKeyIndex()),
                        r.getData().toString(StandardCharsets.UTF_8)))
                .toList();
    }

    private static byte[] md5(byte[] message) {
        try {
            return MessageDigest.getInstance("MD5").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
