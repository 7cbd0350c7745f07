package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void answersInTheVersionAndEncodingTheClientSent() {
        // DynamoDB's clients send JSON 1.0 and expect it back; Kinesis, Firehose and the others use 1.1 or CBOR.
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.0").contentType())
                .isEqualTo("application/x-amz-json-1.0");
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.1; charset=utf-8")
                        .contentType())
                .isEqualTo("application/x-amz-json-1.1");
        assertThat(WireFormat.fromContentType("application/x-amz-cbor-1.1")).isEqualTo(WireFormat.CBOR);
        assertThat(WireFormat.fromContentType(null)).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("text/plain")).isEqualTo(WireFormat.JSON);
    }
}
