package io.millrace.kinesis.model.arn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerArnTest {

    @Test
    void formatsAndParsesAwsShapedArns() {
        String arn =
                ConsumerArn.format("arn:aws:kinesis:eu-west-1:123456789012:stream/orders", "app", 1_700_000_123_456L);
        assertThat(arn).isEqualTo("arn:aws:kinesis:eu-west-1:123456789012:stream/orders/consumer/app:1700000123");
        assertThat(ConsumerArn.PATTERN.matcher(arn).matches()).isTrue();
        assertThat(ConsumerArn.parse(arn))
                .isEqualTo(new ConsumerArn("eu-west-1", "123456789012", "orders", "app", 1_700_000_123L));
    }

    @Test
    void rejectsWhatCannotNameAConsumer() {
        assertThat(ConsumerArn.parse("arn:aws:kinesis:us-east-1:123456789012:stream/orders"))
                .isNull();
        assertThat(ConsumerArn.parse("arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/a b:1"))
                .isNull();
        assertThat(ConsumerArn.parse("arn:aws:kinesis:us-east-1:1234:stream/orders/consumer/app:1"))
                .isNull();
    }
}
