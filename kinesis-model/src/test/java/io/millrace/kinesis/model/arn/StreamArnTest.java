package io.millrace.kinesis.model.arn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamArnTest {

    @Test
    void formatsAndParsesAwsShapedArns() {
        String arn = StreamArn.format("eu-west-1", "123456789012", "orders.v2");
        assertThat(arn).isEqualTo("arn:aws:kinesis:eu-west-1:123456789012:stream/orders.v2");
        assertThat(StreamArn.PATTERN.matcher(arn).matches()).isTrue();
        assertThat(StreamArn.parse(arn)).isEqualTo(new StreamArn("eu-west-1", "123456789012", "orders.v2"));
        assertThat(StreamArn.parse("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s").stream())
                .isEqualTo("s");
    }

    @Test
    void parsesOnlyArnsWhoseNameIsAStreamName() {
        // Kinesis's pattern takes any non-blank text after stream/; a name must still be a StreamName.
        String slash = "arn:aws:kinesis:us-east-1:123456789012:stream/a/b";
        assertThat(StreamArn.PATTERN.matcher(slash).matches()).isTrue();
        assertThat(StreamArn.parse(slash)).isNull();
        assertThat(StreamArn.parse("arn:aws:kinesis:us-east-1:123456789012:stream/" + "x".repeat(129)))
                .isNull();
        assertThat(StreamArn.parse("arn:aws:kinesis:us-east-1:1234:stream/s")).isNull();
        assertThat(StreamArn.parse("arn:aws:firehose:us-east-1:123456789012:stream/s"))
                .isNull();
    }

    @Test
    void firehoseChecksItsOwnStricterPattern() {
        String arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
        var m = StreamArn.FIREHOSE_SOURCE_PATTERN.matcher(arn);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("orders");
        // Kinesis accepts any region text, Firehose letters, digits and dashes only.
        String oddRegion = "arn:aws:kinesis:us_east_1:123456789012:stream/orders";
        assertThat(StreamArn.PATTERN.matcher(oddRegion).matches()).isTrue();
        assertThat(StreamArn.FIREHOSE_SOURCE_PATTERN.matcher(oddRegion).matches())
                .isFalse();
    }
}
