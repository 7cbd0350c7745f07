package io.millrace.kinesis.testkit;

import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.kinesis.sequence.TokenSigner;

/** Issues shard iterators as a gateway would, at a chosen time, to test expiry without waiting 5 minutes. */
public final class TestIterators {

    private TestIterators() {}

    public static String issue(
            TestGateway gateway, String stream, long streamCreatedMillis, int shard, long offset, long issuedAtMillis) {
        TokenSigner signer = gateway.kinesis().iteratorSigner();
        return new ShardIterator(stream, streamCreatedMillis, shard, offset, issuedAtMillis).encode(signer);
    }
}
