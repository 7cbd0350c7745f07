package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64TextTest {

    @Test
    void decodesWhatJacksonDecodesToTheSameBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        for (int length = 0; length < 70; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String text = Base64.getEncoder().encodeToString(data);
            assertThat(Base64Text.decodeOrNull(text)).isEqualTo(data);
            assertThat(JsonNodeFactory.instance.textNode(text).binaryValue()).isEqualTo(data);
        }
    }

    @Test
    void leavesToJacksonWhatItsOwnRulesDecide() {
        // Unpadded, whitespace, padding in the middle, a URL-safe alphabet, characters outside Latin-1.
        for (String text : new String[] {"YQ", "YWJj ZGVm", "YQ==YQ==", "-_-_", "YWJ\u00e9", "YQ=a", "===="}) {
            assertThat(Base64Text.decodeOrNull(text)).as(text).isNull();
        }
    }

    @Test
    void blobMembersKeepJacksonsAnswerForTextTheFastPathLeaves() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("Data", "YWJj ZGVm");
        // Jackson skips whitespace between four-character groups; so does the member read, as before.
        assertThat(Fields.blob(record, "Data")).isEqualTo("abcdef".getBytes());
        record.put("Data", "Y");
        assertThatThrownBy(() -> Fields.blob(record, "Data"))
                .isInstanceOf(ApiException.class)
                .hasMessage("Member Data is not valid base64");
        record.put("Data", "YWJjZGVm");
        assertThat(Fields.blob(record, "Data")).isEqualTo("abcdef".getBytes());
    }
}
