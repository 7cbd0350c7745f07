package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldsBlobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode data(String base64) {
        return JSON.createObjectNode().put("Data", base64);
    }

    @Test
    void decodesBase64TextOfEveryLengthAsTheSdksEncodeIt() {
        Random random = new Random(42);
        for (int length = 0; length <= 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64.getEncoder().encodeToString(bytes);
            assertThat(Fields.blob(data(text), "Data")).as("%d bytes", length).isEqualTo(bytes);
        }
    }

    @Test
    void takesWhatJacksonsDecoderTookBefore() {
        // Line breaks inside base64 (as some encoders wrap it) were accepted by Jackson's decoder, and still are.
        assertThat(Fields.blob(data("aGVs\nbG8="), "Data")).isEqualTo("hello".getBytes());
    }

    @Test
    void refusesWhatIsNotBase64WithASerializationException() {
        for (String bad : new String[] {"a!bc", "abcde", "ab=c", "-_-_"}) {
            assertThatThrownBy(() -> Fields.blob(data(bad), "Data"))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo("SerializationException"));
        }
    }
}
