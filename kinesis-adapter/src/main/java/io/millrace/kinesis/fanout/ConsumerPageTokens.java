package io.millrace.kinesis.fanout;

import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.sequence.TokenSigner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * ListStreamConsumers' NextToken: sealed with the cluster's key (any gateway opens it, no client can forge it),
 * naming the stream incarnation, the last consumer listed and when it was issued.
 */
final class ConsumerPageTokens {

    /** Expires like ListShards' NextToken (300 s). */
    static final long TTL_MILLIS = 300_000;
    /** Distinct from the kinds of the API's other page tokens sealed with the same key. */
    private static final byte KIND = 3;

    private final TokenSigner signer;

    ConsumerPageTokens(TokenSigner signer) {
        this.signer = signer;
    }

    String issue(long streamCreatedMillis, String afterKey, long now) {
        byte[] key = afterKey.getBytes(StandardCharsets.UTF_8);
        return signer.seal(ByteBuffer.allocate(1 + 8 + 8 + key.length)
                .put(KIND)
                .putLong(streamCreatedMillis)
                .putLong(now)
                .put(key)
                .array());
    }

    /** The key of the last consumer the previous page listed. */
    String open(String token, long streamCreatedMillis, long now) {
        byte[] payload = signer.open(token);
        if (payload == null || payload.length < 18 || payload[0] != KIND) {
            throw KinesisErrors.invalidArgument("Invalid NextToken.");
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        buf.get();
        long created = buf.getLong();
        long issued = buf.getLong();
        if (created != streamCreatedMillis) {
            throw KinesisErrors.invalidArgument("NextToken was issued for another stream.");
        }
        if (now - issued > TTL_MILLIS) {
            throw KinesisErrors.expiredNextToken("The timestamp on the NextToken has expired. Token was issued at "
                    + issued + " and is valid for " + TTL_MILLIS + " ms.");
        }
        return new String(payload, buf.position(), buf.remaining(), StandardCharsets.UTF_8);
    }
}
