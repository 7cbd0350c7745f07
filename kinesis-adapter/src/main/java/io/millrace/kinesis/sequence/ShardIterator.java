package io.millrace.kinesis.sequence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a shard iterator stands for: a position (the next offset to read) in one shard of one incarnation of a
 * stream, and when it was issued. Iterators expire 5 minutes after issue, as AWS's do.
 */
public record ShardIterator(String stream, long streamCreatedMillis, int shardIndex, long offset, long issuedAtMillis) {

    public static final long TTL_MILLIS = 300_000;
    private static final byte VERSION = 1;

    public String encode(TokenSigner signer) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 4 + 8 + 8 + 1 + name.length);
        buf.put(VERSION)
                .putLong(streamCreatedMillis)
                .putInt(shardIndex)
                .putLong(offset)
                .putLong(issuedAtMillis)
                .put((byte) name.length)
                .put(name);
        return signer.seal(buf.array());
    }

    /** Decodes an iterator; null when it is not one this cluster issued. */
    public static ShardIterator decode(String token, TokenSigner signer) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < 30 || payload[0] != VERSION) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        buf.get();
        long created = buf.getLong();
        int shard = buf.getInt();
        long offset = buf.getLong();
        long issued = buf.getLong();
        int nameLength = buf.get() & 0xFF;
        if (buf.remaining() != nameLength) {
            return null;
        }
        byte[] name = new byte[nameLength];
        buf.get(name);
        return new ShardIterator(new String(name, StandardCharsets.UTF_8), created, shard, offset, issued);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis - issuedAtMillis > TTL_MILLIS;
    }

    public ShardIterator advancedTo(long nextOffset, long nowMillis) {
        return new ShardIterator(stream, streamCreatedMillis, shardIndex, nextOffset, nowMillis);
    }
}
