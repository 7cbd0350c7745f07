package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.sequence.TokenSigner;
import org.junit.jupiter.api.Test;

/** ListShards tokens carry the first page's ShardFilter, so later pages (NextToken only) filter the same way. */
class PageTokensTest {

    private final PageTokens tokens = new PageTokens(new TokenSigner("0123456789abcdef0123456789abcdef".getBytes()));

    @Test
    void theFilterTravelsInTheToken() {
        for (ShardFilter filter : new ShardFilter[] {
            ShardFilter.NONE,
            new ShardFilter("AT_LATEST", -1, null),
            new ShardFilter("AFTER_SHARD_ID", 7, null),
            new ShardFilter("AT_TIMESTAMP", -1, 1_700_000_000_123L),
            new ShardFilter("FROM_TIMESTAMP", -1, 0L),
            new ShardFilter("AT_TRIM_HORIZON", -1, null)
        }) {
            String token = tokens.listShards("orders", 42L, 3, filter, 1_000L);
            PageTokens.ShardPage page = tokens.openListShards(token, 2_000L);
            assertThat(page.filter()).isEqualTo(filter);
            assertThat(page.stream()).isEqualTo("orders");
            assertThat(page.streamCreatedMillis()).isEqualTo(42L);
            assertThat(page.afterShardIndex()).isEqualTo(3);
        }
    }

    @Test
    void expiredAndForgedTokensAreRefused() {
        String token = tokens.listShards("orders", 42L, 3, ShardFilter.NONE, 1_000L);
        assertThatThrownBy(() -> tokens.openListShards(token, 1_000L + PageTokens.LIST_SHARDS_TTL_MILLIS + 1))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("ExpiredNextTokenException"));
        assertThatThrownBy(() -> tokens.openListShards(tokens.listStreams("orders"), 1_000L))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidArgumentException"));
    }
}
