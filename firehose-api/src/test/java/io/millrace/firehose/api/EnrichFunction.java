package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.processing.TransformFunction;
import java.util.Base64;

/**
 * A transformation function (AWS's Lambda contract) that adds {@code "processed": true} to each JSON record, for
 * destinations that take JSON documents.
 */
public final class EnrichFunction implements TransformFunction {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ObjectNode transform(ObjectNode event) throws Exception {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode records = response.putArray("records");
        for (JsonNode record : event.get("records")) {
            ObjectNode document = (ObjectNode)
                    JSON.readTree(Base64.getDecoder().decode(record.get("data").asText()));
            document.put("processed", true);
            records.addObject()
                    .put("recordId", record.get("recordId").asText())
                    .put("result", "Ok")
                    .put("data", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(document)));
        }
        return response;
    }
}
