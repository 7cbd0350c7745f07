package io.millrace.agent.send;

import io.millrace.agent.config.FlowConfig.PartitionKeyOption;
import io.millrace.agent.tailing.FilePosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Partition keys as the agent makes them (KinesisRecord): the MD5 of the data in hex for DETERMINISTIC, a number
 * below a million for RANDOM. RANDOM's number is drawn here from the record's place in its file and its content
 * rather than from a random generator: it spreads records over shards the same, and reading the record again gives
 * the same key, by which a restart recognizes what of an interrupted batch reached the stream.
 */
public final class PartitionKeys {

    /** The longest key made here (an MD5 in hex): Kinesis counts the key in the 1 MiB of a record. */
    public static final int MAX_LENGTH = 32;

    private PartitionKeys() {}

    public static String of(PartitionKeyOption option, FilePosition position, byte[] data) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has MD5", e);
        }
        if (option == PartitionKeyOption.DETERMINISTIC) {
            return HexFormat.of().formatHex(md5.digest(data));
        }
        md5.update((position.key() + "@" + position.offset() + "#").getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(md5.digest(data)).getLong() >>> 11;
        return String.valueOf(bits / (double) (1L << 53) * 1_000_000);
    }
}
