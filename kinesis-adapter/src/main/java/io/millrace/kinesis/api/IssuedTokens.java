package io.millrace.kinesis.api;

import io.millrace.kinesis.access.KinesisAccess;
import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.kinesis.sequence.TokenSigner;
import java.util.Optional;

/** The streams of the shard iterators and ListShards tokens this cluster issued, read with its key. */
final class IssuedTokens implements KinesisAccess.TokenStreams {

    private final TokenSigner signer;
    private final PageTokens pages;

    IssuedTokens(TokenSigner signer, PageTokens pages) {
        this.signer = signer;
        this.pages = pages;
    }

    @Override
    public Optional<String> ofShardIterator(String iterator) {
        return Optional.ofNullable(ShardIterator.decode(iterator, signer)).map(ShardIterator::stream);
    }

    @Override
    public Optional<String> ofListShardsToken(String nextToken) {
        return Optional.ofNullable(pages.listShardsStream(nextToken));
    }
}
