package io.millrace.kinesis.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardIteratorTest {

    private final TokenSigner signer = new TokenSigner("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void roundTripsAndDetectsTampering() {
        ShardIterator iterator = new ShardIterator("orders", 1234L, 7, 99L, 5000L);
        String token = iterator.encode(signer);
        assertThat(token.length()).isLessThanOrEqualTo(512);
        assertThat(ShardIterator.decode(token, signer)).isEqualTo(iterator);
        char[] chars = token.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        assertThat(ShardIterator.decode(new String(chars), signer)).isNull();
        assertThat(ShardIterator.decode(token, new TokenSigner("another key of thirty-two bytes!".getBytes())))
                .isNull();
        assertThat(ShardIterator.decode("%%%not base64", signer)).isNull();
        assertThat(ShardIterator.decode("", signer)).isNull();
    }

    @Test
    void expiresAfterFiveMinutes() {
        ShardIterator iterator = new ShardIterator("orders", 1L, 0, 0L, 1_000_000L);
        assertThat(iterator.expiredAt(1_000_000L + 300_000L)).isFalse();
        assertThat(iterator.expiredAt(1_000_000L + 300_001L)).isTrue();
        assertThat(iterator.advancedTo(5, 2_000_000L).expiredAt(2_100_000L)).isFalse();
    }
}
