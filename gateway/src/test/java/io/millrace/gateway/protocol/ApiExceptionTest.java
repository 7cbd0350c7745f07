package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    /** The model's fault shape is InternalFailureException; the SDKs map that __type to their exception class. */
    @Test
    void ourFaultsUseTheModelsFaultShapeName() {
        ApiException fault = ApiException.internalFailure("Internal service failure.");
        assertThat(fault.type()).isEqualTo("InternalFailureException");
        assertThat(fault.status()).isEqualTo(500);
        assertThat(fault.isClientError()).isFalse();
    }
}
