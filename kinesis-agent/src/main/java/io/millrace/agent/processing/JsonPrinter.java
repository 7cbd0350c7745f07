package io.millrace.agent.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Map;

/** The agent's jsonFormat: COMPACT (its default) or PRETTYPRINT. Keys keep the order the converter put them in. */
public enum JsonPrinter {
    COMPACT(new ObjectMapper().writer()),
    PRETTYPRINT(new ObjectMapper().writerWithDefaultPrettyPrinter());

    private final ObjectWriter writer;

    JsonPrinter(ObjectWriter writer) {
        this.writer = writer;
    }

    String print(Map<String, Object> fields) {
        try {
            return writer.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always prints as JSON", e);
        }
    }
}
