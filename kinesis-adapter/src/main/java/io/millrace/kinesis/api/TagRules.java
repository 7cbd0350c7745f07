package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import io.millrace.kinesis.errors.KinesisErrors;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Kinesis's tag limits: keys 1 to 128 characters, values 0 to 256, at most 50 tags on a stream. */
final class TagRules {

    static final int MAX_TAGS_PER_STREAM = 50;

    private TagRules() {
    }

    static Map<String, String> readTags(JsonNode tags, String path, Validation validation) {
        Map<String, String> result = new LinkedHashMap<>();
        if (tags == null) {
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (!value.isTextual() && !value.isNull()) {
                throw ApiException.serialization("Tag values must be strings");
            }
            String text = value.isNull() ? "" : value.textValue();
            validation.length(path + ".key", entry.getKey(), 1, 128).length(path + ".value", text, 0, 256);
            result.put(entry.getKey(), text);
        }
        validation.size(path, result.size(), 1, 200, result);
        return result;
    }

    static void checkTagCount(String stream, int count, String account) {
        if (count > MAX_TAGS_PER_STREAM) {
            throw KinesisErrors.invalidArgument("Failed to add tags to stream " + stream + " under account " + account
                    + " because a given stream cannot have more than " + MAX_TAGS_PER_STREAM + " tags.");
        }
    }
}
