package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

    @Test
    void readsABlobFromTheRequestBytesAsFromTheTree() throws IOException {
        Random random = new Random(7);
        List<String> bodies = new ArrayList<>();
        for (int length = 0; length <= 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            bodies.add(JSON.writeValueAsString(data(Base64.getEncoder().encodeToString(bytes))));
        }
        // Escapes, whitespace and padding inside, bad characters: Jackson's decoder decides, as in the tree.
        for (String text :
                new String[] {"a\\/b+", "\\u0051UJD", "aGVs\\nbG8=", "QQ==QUJD", "a!bc", "abcde", "ab=c", "-_-_"}) {
            bodies.add("{\"Data\":\"" + text + "\"}");
        }
        // Other types: null, and the tree's SerializationException.
        for (String value : new String[] {"null", "5", "true", "{}", "[\"QUJD\"]"}) {
            bodies.add("{\"Data\" : " + value + "}");
        }
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ObjectNode tree = (ObjectNode) JSON.readTree(bytes);
            byte[] expected;
            try {
                expected = Fields.blob(tree, "Data");
            } catch (ApiException e) {
                assertThatThrownBy(() -> streamed(bytes))
                        .as(body)
                        .isInstanceOf(ApiException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(streamed(bytes)).as(body).isEqualTo(expected);
        }
    }

    @Test
    void findsTheEndOfTheTextAtEveryAlignment() throws IOException {
        Random random = new Random(11);
        for (int length = 0; length <= 48; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64.getEncoder().encodeToString(bytes);
            // Leading spaces move the text across the eight-byte words the end is searched in.
            for (int pad = 0; pad < 8; pad++) {
                String body = "{" + " ".repeat(pad) + "\"Data\":\"" + text + "\", \"Next\": \"x\\\"y\"}";
                try (JsonParser parser =
                        new InPlaceJsonFactory(JSON).createParser(body.getBytes(StandardCharsets.UTF_8))) {
                    parser.nextToken();
                    parser.nextToken();
                    parser.nextToken();
                    assertThat(Fields.blob(parser, "Data")).as(body).isEqualTo(bytes);
                    assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
                    assertThat(parser.currentName()).isEqualTo("Next");
                    parser.nextToken();
                    assertThat(parser.getText()).isEqualTo("x\"y");
                }
            }
        }
    }

    @Test
    void readsACborByteStringAsFromTheTree() throws IOException {
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        byte[] data = {0, 1, 2, (byte) 0xff};
        byte[] body = cbor.writeValueAsBytes(JSON.createObjectNode().put("Data", data));
        try (JsonParser parser = cbor.createParser(body)) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            assertThat(Fields.blob(parser, "Data")).isEqualTo(data);
        }
    }

    /**
     * The Data member of a one-member body, read by the streaming reader with the in-place parser and with Jackson's
     * own, which must agree; each must end on the value.
     */
    private static byte[] streamed(byte[] body) throws IOException {
        byte[] inPlace = streamed(new InPlaceJsonFactory(JSON).createParser(body));
        byte[] plain = streamed(JSON.createParser(body));
        assertThat(inPlace).isEqualTo(plain);
        return inPlace;
    }

    private static byte[] streamed(JsonParser parser) throws IOException {
        try (parser) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            byte[] blob = Fields.blob(parser, "Data");
            assertThat(parser.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            return blob;
        }
    }
}
