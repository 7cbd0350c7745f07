package io.millrace.kinesis.api;

import io.millrace.kinesis.protocol.ApiException;
import io.millrace.kinesis.sequence.TokenSigner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Pagination tokens: sealed so they cannot be forged, carrying where the next page starts and when the token was
 * issued. ListShards tokens expire after 300 seconds, as AWS documents for its NextToken.
 */
final class PageTokens {

    static final long LIST_SHARDS_TTL_MILLIS = 300_000;
    private static final byte LIST_SHARDS = 1;
    private static final byte LIST_STREAMS = 2;

    record ShardPage(String stream, long streamCreatedMillis, int afterShardIndex, long issuedAtMillis) {
    }

    private final TokenSigner signer;

    PageTokens(TokenSigner signer) {
        this.signer = signer;
    }

    String listShards(String stream, long streamCreatedMillis, int afterShardIndex, long now) {
        byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 4 + 8 + name.length);
        buf.put(LIST_SHARDS).putLong(streamCreatedMillis).putInt(afterShardIndex).putLong(now).put(name);
        return signer.seal(buf.array());
    }

    ShardPage openListShards(String token, long now) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < 21 || payload[0] != LIST_SHARDS) {
            throw ApiException.invalidArgument("Invalid NextToken.");
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        buf.get();
        long created = buf.getLong();
        int after = buf.getInt();
        long issued = buf.getLong();
        String stream = new String(payload, buf.position(), buf.remaining(), StandardCharsets.UTF_8);
        if (now - issued > LIST_SHARDS_TTL_MILLIS) {
            throw ApiException.expiredNextToken("The timestamp on the NextToken has expired. Token was issued at "
                    + issued + " and is valid for " + LIST_SHARDS_TTL_MILLIS + " ms.");
        }
        return new ShardPage(stream, created, after, issued);
    }

    String listStreams(String lastStream) {
        byte[] name = lastStream.getBytes(StandardCharsets.UTF_8);
        return signer.seal(ByteBuffer.allocate(1 + name.length).put(LIST_STREAMS).put(name).array());
    }

    String openListStreams(String token) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < 2 || payload[0] != LIST_STREAMS) {
            throw ApiException.invalidArgument("Invalid NextToken.");
        }
        return new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
    }
}
