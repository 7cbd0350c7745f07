package io.millrace.firehose.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointResponseTest {
    private static final String ID = "4a1a9b2e-0000-4000-8000-000000000001";

    @Test
    void onlyA200CarryingTheRequestIdMeansDelivered() {
        assertThat(EndpointResponse.check(ID, 200, "{\"requestId\":\"" + ID + "\",\"timestamp\":1}"))
                .isNull();

        EndpointResponse.DeliveryFailure refused = EndpointResponse.check(ID, 413, "{\"errorMessage\":\"too large\"}");
        assertThat(refused.errorCode()).isEqualTo("HttpEndpoint.DestinationException");
        assertThat(refused.errorMessage())
                .isEqualTo("The following response was received from the endpoint destination. 413: "
                        + "{\"errorMessage\":\"too large\"}");
        // A 2xx other than 200 is a failure too (AWS's troubleshooting guide).
        assertThat(EndpointResponse.check(ID, 204, "").errorCode()).isEqualTo("HttpEndpoint.DestinationException");

        assertThat(EndpointResponse.check(ID, 200, "ok").errorCode())
                .isEqualTo("HttpEndpoint.InvalidResponseFromDestination");
        assertThat(EndpointResponse.check(ID, 200, "{\"requestId\":\"another\"}")
                        .errorMessage())
                .contains("another")
                .contains(ID);
        assertThat(EndpointResponse.check(ID, 500, "x".repeat(2000)).errorMessage())
                .hasSizeLessThan(700)
                .endsWith("...");
    }

    @Test
    void bufferedRecordsComeBackWithTheirArrivalTimes() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("records", ".buf");
        try {
            java.nio.file.Files.write(
                    file,
                    concat(BufferedRecords.frame("a b".getBytes(), 10), BufferedRecords.frame(new byte[] {0, -1}, 11)));
            assertThat(BufferedRecords.read(file))
                    .containsExactly(new BufferedRecords.Entry(10, "YSBi"), new BufferedRecords.Entry(11, "AP8="));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
