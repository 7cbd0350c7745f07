package io.millrace.lambda.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.lambda.invoke.LambdaHandler;

/** A Java class function: answers {@code {"upper": <the event's "text" in upper case>}}; fails on "fail". */
public final class UpperCaseHandler implements LambdaHandler {

    @Override
    public JsonNode handleRequest(JsonNode event) {
        String text = event.path("text").asText();
        if (text.equals("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("upper", text.toUpperCase(java.util.Locale.ROOT));
        return out;
    }
}
