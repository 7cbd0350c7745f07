package io.millrace.kinesis.api;

import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.sequence.TokenSigner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pagination tokens: sealed so they cannot be forged, carrying where the next page starts and when the token was
 * issued. ListShards tokens expire after 300 seconds, as AWS documents for its NextToken.
 */
final class PageTokens {

    static final long LIST_SHARDS_TTL_MILLIS = 300_000;
    /**
     * ListShards tokens carry the ShardFilter of the first page: AWS refuses a ShardFilter next to a NextToken, so
     * later pages (the KCL sends only NextToken) must go on filtering as the first did. Tag 1 was the earlier
     * layout without the filter; such tokens are refused as invalid (they expired 300 s after an upgrade anyway).
     */
    private static final byte LIST_SHARDS = 3;

    private static final byte LIST_STREAMS = 2;
    /** Filter types by their code in a token; append only. */
    private static final List<String> FILTER_TYPES = List.of(
            "FROM_TRIM_HORIZON", "AT_TRIM_HORIZON", "AT_LATEST", "AFTER_SHARD_ID", "AT_TIMESTAMP", "FROM_TIMESTAMP");

    private static final int LIST_SHARDS_FIXED = 1 + 8 + 4 + 8 + 1 + 4 + 1 + 8;

    record ShardPage(
            String stream, long streamCreatedMillis, int afterShardIndex, long issuedAtMillis, ShardFilter filter) {}

    private final TokenSigner signer;

    PageTokens(TokenSigner signer) {
        this.signer = signer;
    }

    String listShards(String stream, long streamCreatedMillis, int afterShardIndex, ShardFilter filter, long now) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(LIST_SHARDS_FIXED + name.length);
        buf.put(LIST_SHARDS)
                .putLong(streamCreatedMillis)
                .putInt(afterShardIndex)
                .putLong(now)
                .put((byte) FILTER_TYPES.indexOf(filter.type()))
                .putInt(filter.afterIndex())
                .put((byte) (filter.timestampMillis() == null ? 0 : 1))
                .putLong(filter.timestampMillis() == null ? 0 : filter.timestampMillis())
                .put(name);
        return signer.seal(buf.array());
    }

    ShardPage openListShards(String token, long now) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < LIST_SHARDS_FIXED || payload[0] != LIST_SHARDS) {
            throw KinesisErrors.invalidArgument("Invalid NextToken.");
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        buf.get();
        long created = buf.getLong();
        int after = buf.getInt();
        long issued = buf.getLong();
        int type = buf.get();
        int filterAfter = buf.getInt();
        boolean hasTimestamp = buf.get() != 0;
        long timestamp = buf.getLong();
        if (type < 0 || type >= FILTER_TYPES.size()) {
            throw KinesisErrors.invalidArgument("Invalid NextToken.");
        }
        String stream = new String(payload, buf.position(), buf.remaining(), StandardCharsets.UTF_8);
        if (now - issued > LIST_SHARDS_TTL_MILLIS) {
            throw KinesisErrors.expiredNextToken("The timestamp on the NextToken has expired. Token was issued at "
                    + issued + " and is valid for " + LIST_SHARDS_TTL_MILLIS + " ms.");
        }
        ShardFilter filter = new ShardFilter(FILTER_TYPES.get(type), filterAfter, hasTimestamp ? timestamp : null);
        return new ShardPage(stream, created, after, issued, filter);
    }

    /** The stream a ListShards NextToken pages through, expired or not; null when it is not one. */
    String listShardsStream(String token) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < LIST_SHARDS_FIXED || payload[0] != LIST_SHARDS) {
            return null;
        }
        return new String(payload, LIST_SHARDS_FIXED, payload.length - LIST_SHARDS_FIXED, StandardCharsets.UTF_8);
    }

    String listStreams(String lastStream) {
        byte[] name = lastStream.getBytes(StandardCharsets.UTF_8);
        return signer.seal(
                ByteBuffer.allocate(1 + name.length).put(LIST_STREAMS).put(name).array());
    }

    String openListStreams(String token) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < 2 || payload[0] != LIST_STREAMS) {
            throw KinesisErrors.invalidArgument("Invalid NextToken.");
        }
        return new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
    }
}
