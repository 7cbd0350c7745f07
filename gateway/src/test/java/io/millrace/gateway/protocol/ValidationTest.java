package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void reportsEveryViolationInAwsWording() {
        Validation validation = new Validation()
                .required("shardIterator", null)
                .length("partitionKey", "", 1, 256)
                .pattern("streamName", "a b", Pattern.compile("[a-zA-Z0-9_.-]+"))
                .range("limit", 0, 1, 10000)
                .oneOf("shardIteratorType", "SOMEWHERE", List.of("LATEST", "TRIM_HORIZON"))
                .blobSize("data", 1048577, 1048576);
        assertThatThrownBy(validation::throwIfInvalid).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage())
                    .isEqualTo("6 validation errors detected: "
                            + "Value null at 'shardIterator' failed to satisfy constraint: Member must not be null; "
                            + "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length"
                            + " greater than or equal to 1; "
                            + "Value 'a b' at 'streamName' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: [a-zA-Z0-9_.-]+; "
                            + "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than"
                            + " or equal to 1; "
                            + "Value 'SOMEWHERE' at 'shardIteratorType' failed to satisfy constraint: Member must"
                            + " satisfy enum value set: [LATEST, TRIM_HORIZON]; "
                            + "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to"
                            + " satisfy constraint: Member must have length less than or equal to 1048576");
        });
    }

    @Test
    void passesValidInput() {
        Validation validation =
                new Validation().required("a", "x").length("a", "x", 1, 2).range("n", 5, 1, 10);
        assertThat(validation.isValid()).isTrue();
        validation.throwIfInvalid();
    }
}
