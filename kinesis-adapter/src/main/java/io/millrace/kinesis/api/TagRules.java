package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import io.millrace.kinesis.errors.KinesisErrors;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kinesis's tag limits: keys 1 to 128 characters, values 0 to 256, at most 50 tags on a stream, and AWS's character
 * set (Tagging your streams, docs.aws.amazon.com/streams/latest/dev/tagging.html). Reading and checking are apart,
 * because a request's member types are checked before anything else (SerializationException first), and the
 * characters only once the stream is known (ResourceNotFoundException first).
 */
final class TagRules {

    static final int MAX_TAGS_PER_STREAM = 50;
    /**
     * Unicode letters and digits, the space, and {@code _ . / = + - % @}; AWS also takes the colon, which its
     * tagging documentation does not list. Tab, newline, {@code ;} and {@code ,} are refused.
     */
    private static final Pattern TAG_CHARACTERS = Pattern.compile("[\\p{L}\\p{M}\\p{N} _.:/=+\\-%@]*");

    static final String INVALID_CHARACTERS = "Some tags contain invalid characters. Valid characters: "
            + "Unicode letters, digits, white space, _ . / = + - % @.";

    private TagRules() {}

    /** The tags of a {@code Tags} member; SerializationException for a value that is not a string. */
    static Map<String, String> read(JsonNode tags) {
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
            result.put(entry.getKey(), value.isNull() ? "" : value.textValue());
        }
        return result;
    }

    /** The model's constraints on a {@code Tags} member that was given. */
    static void validate(Map<String, String> tags, String path, Validation validation) {
        tags.forEach(
                (key, value) -> validation.length(path + ".key", key, 1, 128).length(path + ".value", value, 0, 256));
        validation.size(path, tags.size(), 1, 200, tags);
    }

    /** InvalidArgumentException, in AWS's words, for a key or value outside the tag character set. */
    static void checkCharacters(Collection<String> keysAndValues) {
        for (String text : keysAndValues) {
            if (!TAG_CHARACTERS.matcher(text).matches()) {
                throw KinesisErrors.invalidArgument(INVALID_CHARACTERS);
            }
        }
    }

    static void checkCharacters(Map<String, String> tags) {
        checkCharacters(tags.keySet());
        checkCharacters(tags.values());
    }

    static void checkTagCount(String stream, int count, String account) {
        if (count > MAX_TAGS_PER_STREAM) {
            throw KinesisErrors.invalidArgument("Failed to add tags to stream " + stream + " under account " + account
                    + " because a given stream cannot have more than " + MAX_TAGS_PER_STREAM + " tags.");
        }
    }
}
