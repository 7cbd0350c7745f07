package io.millrace.firehose.translation;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import java.util.regex.Pattern;

/**
 * Reading and checking the members of a Firehose request as the translators need them, with AWS's validation
 * wording ("1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: ...").
 */
final class TranslationFields {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+");

    private TranslationFields() {}

    static void checkRole(JsonNode node, String path) {
        String role = requiredString(node, "RoleARN", path);
        checkLength(role, 1, 512, path);
        checkPattern(role, ROLE_ARN, ROLE_ARN.pattern(), path);
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static String requiredString(JsonNode node, String field, String path) {
        String value = optionalString(node, field, path);
        if (value == null) {
            throw missing(path);
        }
        return value;
    }

    static String optionalString(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.validation("Value at '" + path + "' must be a string.");
        }
        return v.asText();
    }

    static int optionalInt(JsonNode node, String field, String path, int min, int max, int dflt) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.validation("Value at '" + path + "' must be an integer.");
        }
        int value = v.asInt();
        if (value < min) {
            throw ApiException.validation(validationPrefix(Integer.toString(value), path)
                    + "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw ApiException.validation(validationPrefix(Integer.toString(value), path)
                    + "Member must have value less than or equal to " + max);
        }
        return value;
    }

    static void checkLength(String value, int min, int max, String path) {
        if (value.length() < min) {
            throw ApiException.validation(
                    validationPrefix(value, path) + "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw ApiException.validation(
                    validationPrefix(value, path) + "Member must have length less than or equal to " + max);
        }
    }

    static void checkPattern(String value, Pattern pattern, String shown, String path) {
        if (!pattern.matcher(value).matches()) {
            throw patternError(value, path, shown);
        }
    }

    static ApiException patternError(String value, String path, String pattern) {
        return ApiException.validation(
                validationPrefix(value, path) + "Member must satisfy regular expression pattern: " + pattern);
    }

    static ApiException missing(String path) {
        return ApiException.validation("1 validation error detected: Value null at '" + path
                + "' failed to satisfy constraint: Member must not be null");
    }

    /** AWS's wording for constraint violations ("1 validation error detected: Value 'x' at 'path' ..."). */
    static String validationPrefix(String value, String path) {
        return "1 validation error detected: Value '" + value + "' at '" + path + "' failed to satisfy constraint: ";
    }
}
