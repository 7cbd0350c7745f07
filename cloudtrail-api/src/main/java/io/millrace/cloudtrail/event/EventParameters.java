package io.millrace.cloudtrail.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A request or an answer as CloudTrail shows it in {@code requestParameters} and {@code responseElements}: members
 * in lower camel case ({@code streamName}), without data blobs (records' {@code Data}, KMS plaintext and ciphertext,
 * Lambda's invocation {@code Payload}, any binary member) and without secrets (secret access keys, passwords), which CloudTrail never records.
 */
final class EventParameters {

    private static final Set<String> LEFT_OUT = Set.of(
            "Data",
            "Payload",
            "Plaintext",
            "CiphertextBlob",
            "SecretAccessKey",
            "Password",
            "OldPassword",
            "NewPassword",
            "PrivateKey");

    private EventParameters() {}

    /** The tree as CloudTrail shows it; null for no tree, or one with nothing left to show. */
    static ObjectNode of(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            return null;
        }
        ObjectNode shown = (ObjectNode) convert(tree);
        return shown.isEmpty() ? null : shown;
    }

    private static JsonNode convert(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (LEFT_OUT.contains(member.getKey()) || member.getValue().isBinary()) {
                    continue;
                }
                out.set(lowerCamel(member.getKey()), convert(member.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> {
                if (!element.isBinary()) {
                    out.add(convert(element));
                }
            });
            return out;
        }
        if (node instanceof POJONode pojo) {
            Object value = pojo.getPojo();
            return value instanceof Instant instant
                    ? JsonNodeFactory.instance.textNode(instant.toString())
                    : JsonNodeFactory.instance.textNode(String.valueOf(value));
        }
        return node;
    }

    /** {@code StreamName} → {@code streamName}, {@code KeyId} → {@code keyId}, {@code ARN} → {@code aRN}. */
    static String lowerCamel(String member) {
        if (member.isEmpty() || Character.isLowerCase(member.charAt(0))) {
            return member;
        }
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
