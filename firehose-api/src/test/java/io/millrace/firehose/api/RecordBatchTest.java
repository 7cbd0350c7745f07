package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.BodyReader;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PutRecordBatch bodies read in one streaming pass ({@link RecordBatch#READER}) give what the same bodies read as a
 * tree give ({@link RecordBatch#of}): the same name and records, the same members without blobs, the same error.
 */
class RecordBatchTest {

    private final WireCodec codec = new WireCodec();

    @Test
    void readsEveryRecordAsTheTreeDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        ObjectNode body = WireCodec.object().put("DeliveryStreamName", "orders");
        ArrayNode records = body.putArray("Records");
        // Every padding, empty Data, and a batch the size of the bench's.
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[i < 70 ? i : 1024];
            random.nextBytes(data);
            records.addObject().set("Data", BinaryNode.valueOf(data));
        }
        for (WireFormat format : new WireFormat[] {WireFormat.JSON, WireFormat.CBOR}) {
            RecordBatch batch = bothAgree(format, codec.write(format, body));
            assertThat(batch.name()).isEqualTo("orders");
            assertThat(batch.size()).isEqualTo(500);
            for (int i = 0; i < 500; i++) {
                assertThat(batch.data(i)).isEqualTo(records.get(i).get("Data").binaryValue());
            }
        }
    }

    @Test
    void readsTextTheJdkDecoderRefusesAsTheTreeDoes() {
        String[] bodies = {
            // An escaped slash, a unicode escape, a line break inside the text, padding inside: Jackson decides.
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"a\\/b+\"},{\"Data\":\"\\u0051UJD\"}]}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"aGVs\\nbG8=\"},{\"Data\":\"QQ==QUJD\"}]}",
            // Pretty-printed, members repeated (the last counts), unknown members kept, the name after the records.
            "{\n  \"Records\" : [ { \"Data\" : \"eHl6\", \"Extra\": [1, {\"a\": 2}], \"Data\" : \"QUJD\" } ],\n"
                    + "  \"Other\": {\"x\": null}, \"DeliveryStreamName\": 5, \"DeliveryStreamName\": \"s\"\n}",
            // Absent and null members.
            "{\"Records\":[{},{\"Data\":null},{\"Data\":\"\"}]}",
            "{\"DeliveryStreamName\":null,\"Records\":null}",
            "{\"Records\":[{\"Data\":\"bad!\"}],\"Records\":[]}",
            "{}",
            "  ",
            "",
        };
        for (String body : bodies) {
            bothAgree(WireFormat.JSON, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void refusesWhatTheTreeRefusesWithTheSameError() {
        String[] bodies = {
            "{\"DeliveryStreamName\":5,\"Records\":[{\"Data\":\"QUJD\"}]}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":{\"Data\":\"QUJD\"}}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"QUJD\"},1,{\"Data\":5}]}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"QUJD\"},{\"Data\":{}},[]]}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"a!bc\"},{\"Data\":\"abcde\"}]}",
            // The records' error comes after the name's, whatever their order in the body.
            "{\"Records\":[{\"Data\":true}],\"DeliveryStreamName\":[]}",
            // A malformed body is malformed, whatever came before the error.
            "{\"DeliveryStreamName\":5,\"Records\":[{\"Data\":\"QUJD\"}",
            "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\"QUJD\"}]]",
            "[{\"DeliveryStreamName\":\"s\"}]",
            "\"s\"",
        };
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Throwable tree = catchThrowable(() -> RecordBatch.of(codec.read(WireFormat.JSON, bytes)));
            Throwable streamed = catchThrowable(() -> codec.read(WireFormat.JSON, bytes, RecordBatch.READER));
            assertThat(tree).as(body).isInstanceOf(ApiException.class);
            assertThat(streamed).as(body).isInstanceOf(ApiException.class);
            assertThat(((ApiException) streamed).type()).as(body).isEqualTo(((ApiException) tree).type());
            assertThat(streamed.getMessage()).as(body).isEqualTo(tree.getMessage());
        }
    }

    /** Reads {@code body} both ways, checks that they agree and returns the streamed read. */
    private RecordBatch bothAgree(WireFormat format, byte[] body) {
        JsonNode tree = codec.read(format, body);
        RecordBatch fromTree = RecordBatch.of(tree);
        BodyReader.Decoded decoded = codec.read(format, body, RecordBatch.READER);
        RecordBatch streamed =
                decoded.value() == null ? RecordBatch.of(decoded.members()) : (RecordBatch) decoded.value();
        String what = new String(body, StandardCharsets.UTF_8);
        assertThat(streamed.name()).as(what).isEqualTo(fromTree.name());
        assertThat(streamed.hasRecords()).as(what).isEqualTo(fromTree.hasRecords());
        assertThat(streamed.size()).as(what).isEqualTo(fromTree.size());
        for (int i = 0; i < fromTree.size(); i++) {
            assertThat(streamed.data(i)).as(what + " record " + i).isEqualTo(fromTree.data(i));
        }
        assertThat(decoded.members()).as(what).isEqualTo(withoutData(tree.deepCopy()));
        return streamed;
    }

    /** The tree as the audit trail shows it: each record's Data left out. */
    private static JsonNode withoutData(JsonNode tree) {
        JsonNode records = tree.get("Records");
        if (records != null && records.isArray()) {
            records.forEach(record -> ((ObjectNode) record).remove("Data"));
        }
        return tree;
    }

    @Test
    void readsRecordsWhoseTextEndsBeforeAfterOrAtTheLastOnesLength() {
        // Each text is first tried at the previous one's length: shorter by one group (its closing quote then falls
        // where the next member's name opens), longer, the same length with an escape or a refused character at the
        // end, the same length followed by another member, and whitespace after the value.
        String[] texts = {
            "QUJDREVG", "QUJD", "QUJDREVGR0hJ", "QUJDREVGR0g=", "QUJDREVGR\\/h=", "QUJDREVGR0h!", "eHl6eHl6eHl6"
        };
        StringBuilder body = new StringBuilder("{\"DeliveryStreamName\":\"s\",\"Records\":[");
        for (int i = 0; i < texts.length; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"Data\":\"")
                    .append(texts[i])
                    .append('"');
            body.append(i == 2 ? ",\"Extra\":\"QUJD\"}" : i == 3 ? " }" : "}");
        }
        body.append(",{\"Data\":\"QUJDREVGR0hJ\"},{\"Data\":\"QUJDREVGR0hJ\"}]}");
        byte[] withRefused = body.toString().getBytes(StandardCharsets.US_ASCII);
        // The refused character fails the call as the tree's reading does; without it, every record is read alike.
        assertThat(catchThrowable(() -> codec.read(WireFormat.JSON, withRefused, RecordBatch.READER)))
                .isInstanceOf(ApiException.class)
                .hasMessage(catchThrowable(() -> RecordBatch.of(codec.read(WireFormat.JSON, withRefused)))
                        .getMessage());
        String valid = body.toString().replace("QUJDREVGR0h!", "QUJDREVGR0hJ");
        RecordBatch batch = bothAgree(WireFormat.JSON, valid.getBytes(StandardCharsets.US_ASCII));
        assertThat(batch.size()).isEqualTo(texts.length + 2);
        assertThat(batch.data(1)).isEqualTo("ABC".getBytes(StandardCharsets.US_ASCII));
        assertThat(batch.data(8)).isEqualTo("ABCDEFGHI".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesLargeRecordsInPlace() {
        byte[] data = new byte[1_024_000];
        new SplittableRandom(3).nextBytes(data);
        String body = "{\"DeliveryStreamName\":\"s\",\"Records\":[{\"Data\":\""
                + Base64.getEncoder().encodeToString(data) + "\"}]}";
        RecordBatch batch = bothAgree(WireFormat.JSON, body.getBytes(StandardCharsets.US_ASCII));
        assertThat(batch.data(0)).isEqualTo(data);
    }
}
