package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Glue's wire shapes, as the botocore model glue/2017-03-31 defines them. */
final class GlueShapes {

    /** NameString and CatalogIdString: 1 to 255 characters of this pattern. */
    static final Pattern NAME = Pattern.compile("[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*");
    /** Stored times are epoch milliseconds; the wire shows timestamps. */
    static final String[] TIMES = {"CreateTime", "UpdateTime", "CreationTime", "LastAccessTime", "LastAnalyzedTime"};

    private GlueShapes() {}

    /** Glue reports constraint violations as InvalidInputException, in the usual "1 validation error" words. */
    static void throwIfInvalid(Validation validation) {
        try {
            validation.throwIfInvalid();
        } catch (ApiException e) {
            throw GlueErrors.invalidInput(e.getMessage());
        }
    }

    static Validation name(Validation v, String path, String value) {
        return v.length(path, value, 1, 255).pattern(path, value, NAME);
    }

    /** Glue folds database and table names to lower case, for Hive compatibility. */
    static String folded(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** The stored entity as the API shows it: internal members dropped, times as timestamps. */
    static ObjectNode wire(ObjectNode stored) {
        ObjectNode out = stored.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            if (it.next().getKey().startsWith("_millrace")) {
                it.remove();
            }
        }
        for (String time : TIMES) {
            JsonNode t = out.get(time);
            if (t != null && t.isNumber()) {
                out.putPOJO(time, Instant.ofEpochMilli(t.asLong()));
            }
        }
        return out;
    }

    /** Input timestamps arrive as epoch seconds (JSON 1.1); they are stored as milliseconds. */
    static void storeTimes(ObjectNode entity) {
        for (String time : TIMES) {
            JsonNode t = entity.get(time);
            if (t != null && t.isNumber()) {
                entity.put(time, Math.round(t.asDouble() * 1000));
            } else if (t != null) {
                entity.remove(time);
            }
        }
    }

    static String token(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    static String untoken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GlueErrors.invalidInput("Invalid NextToken.");
        }
    }
}
