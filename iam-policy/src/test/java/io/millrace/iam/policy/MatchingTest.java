package io.millrace.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matching underneath evaluation: wildcards, ARN segments, addresses, and the request context's keys. IAM User
 * Guide, "IAM JSON policy elements: Resource" and "Condition operators".
 */
class MatchingTest {

    @Test
    void wildcardsBacktrackAcrossRepeatedText() {
        Glob glob = Glob.of("a*b?c*", false);

        assertThat(glob.matches("aXbYbZc")).isTrue();
        assertThat(glob.matches("abbc-tail")).isTrue();
        assertThat(glob.matches("abc")).isFalse();
        assertThat(glob.matches("Abxc")).isFalse();
        assertThat(Glob.of("kinesis:Get*", true).matches("KINESIS:getrecords")).isTrue();
        assertThat(Glob.of("kinesis:Get*", true).matches("kinesis:PutRecord")).isFalse();
    }

    @Test
    void literalPiecesOfAPatternAreNoWildcards() {
        Glob glob = Glob.builder(false).literal("a*").pattern("*").build();

        assertThat(glob.matches("a*anything")).isTrue();
        assertThat(glob.matches("abc")).isFalse();
    }

    @Test
    void arnSegmentsMatchOneByOneAndTheResourcePartAsAWhole() {
        ArnPattern streams = ArnPattern.of(Glob.of("arn:aws:kinesis:*:111122223333:stream/*", false));

        assertThat(streams.matches("arn:aws:kinesis:us-east-1:111122223333:stream/orders"))
                .isTrue();
        assertThat(streams.matches("arn:aws:kinesis:us-east-1:111122223333:stream/orders/consumer/c:1"))
                .isTrue();
        assertThat(streams.matches("arn:aws:kinesis:us-east-1:444455556666:stream/orders"))
                .isFalse();
        assertThat(streams.matches("arn:aws:firehose:us-east-1:111122223333:stream/orders"))
                .isFalse();
        assertThat(streams.matches("*")).isFalse();
        assertThat(ArnPattern.of(Glob.of("*", false)).matches("*")).isTrue();
        assertThat(ArnPattern.of(Glob.of("arn:aws:kinesis:*", false))
                        .matches("arn:aws:kinesis:us-east-1:111122223333:stream/orders"))
                .isTrue();
        // The region wildcard stays within its segment: it cannot swallow the account.
        assertThat(ArnPattern.of(Glob.of("arn:aws:kinesis:*:stream/orders", false))
                        .matches("arn:aws:kinesis:us-east-1:111122223333:stream/orders"))
                .isFalse();
    }

    @Test
    void addressesAreReadAsLiteralsOnly() {
        assertThat(Cidr.parse("10.0.0.0/8").contains("10.255.1.2")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.parse("192.0.2.128/25").contains("192.0.2.127")).isFalse();
        assertThat(Cidr.parse("::/0").contains("2001:db8::1")).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains("localhost")).isFalse();
        assertThat(Cidr.parse("256.0.0.0/8")).isNull();
        assertThat(Cidr.parse("10.0.0.0/33")).isNull();
    }

    @Test
    void requestContextKeysIgnoreCase() {
        ConditionContext context = ConditionContext.builder()
                .caller(Requests.READER_SESSION)
                .request("203.0.113.9", true, Instant.parse("2026-01-02T03:04:05.678Z"), "aws-cli/2", "us-east-1")
                .put("kinesis:StreamName", "orders")
                .build();

        assertThat(context.values("AWS:PRINCIPALARN")).containsExactly("arn:aws:iam::111122223333:role/reader");
        assertThat(context.values("aws:principaltype")).containsExactly("AssumedRole");
        assertThat(context.values("aws:username")).isEmpty();
        assertThat(context.values("aws:userid")).containsExactly("AROAREADER:app");
        assertThat(context.values("aws:CurrentTime")).containsExactly("2026-01-02T03:04:05Z");
        assertThat(context.values("aws:EpochTime")).containsExactly("1767323045");
        assertThat(context.values("aws:SecureTransport")).containsExactly("true");
        assertThat(context.values("Kinesis:streamname")).containsExactly("orders");
        assertThat(ConditionContext.builder().put("k:a", List.of()).build().values("k:a"))
                .isEmpty();
    }
}
