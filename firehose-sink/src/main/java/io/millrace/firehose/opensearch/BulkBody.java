package io.millrace.firehose.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The newline-delimited body of one _bulk request: an {@code index} action per document (the operation Firehose
 * uses, so that a document sent again under the same id replaces itself), then the record as its source, on one line.
 */
final class BulkBody {
    /** A document whose record cannot be one line of the body; it is not sent and fails with this code. */
    static final String MALFORMED = "OS.MalformedDocument";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Document> sent = new ArrayList<>();

    /** Appends a document, or marks it failed when its record is several lines that are not one JSON value. */
    void add(Document document) {
        byte[] source = oneLine(document.record.data());
        if (source == null) {
            document.failed(
                    MALFORMED,
                    "The record spans several lines and is not one JSON document, so it cannot "
                            + "be a line of a _bulk request.");
            return;
        }
        ObjectNode action = JSON.createObjectNode();
        ObjectNode index = action.putObject("index");
        index.put("_index", document.index);
        if (document.id != null) {
            index.put("_id", document.id);
        }
        try {
            body.write(JSON.writeValueAsBytes(action));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        body.write('\n');
        body.write(source, 0, source.length);
        body.write('\n');
        sent.add(document);
    }

    int size() {
        return body.size();
    }

    boolean isEmpty() {
        return sent.isEmpty();
    }

    byte[] bytes() {
        return body.toByteArray();
    }

    /** The documents sent, in the order of the response's items. */
    List<Document> documents() {
        return sent;
    }

    /** The record without trailing line breaks; one that holds more is re-written compactly if it is JSON. */
    private static byte[] oneLine(byte[] data) {
        int end = data.length;
        while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r')) {
            end--;
        }
        boolean multiLine = false;
        for (int i = 0; i < end && !multiLine; i++) {
            multiLine = data[i] == '\n' || data[i] == '\r';
        }
        if (!multiLine) {
            return end == data.length ? data : java.util.Arrays.copyOf(data, end);
        }
        try {
            JsonNode value = JSON.readTree(data, 0, end);
            return value == null ? null : JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
