package io.millrace.iam.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed reads of a Query protocol request tree, where every scalar arrives as a string ({@code MaxItems=10} is
 * {@code "10"}) and a list as {@code A.member.N}: numbers and booleans are converted here and a value that is not
 * one is the API's ValidationError, as IAM and STS answer a value they cannot read as the member's type.
 */
public final class QueryFields {

    private final Function<String, ApiException> validationError;

    /** @param validationError the API's ValidationError (IAM's and STS's have the same code and status) */
    public QueryFields(Function<String, ApiException> validationError) {
        this.validationError = validationError;
    }

    public String text(JsonNode body, String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw invalid(member, node.toString(), "Member must be a string");
        }
        return node.asText();
    }

    public Integer integer(JsonNode body, String member) {
        String text = text(body, member);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(member, text, "Member must be a number");
        }
    }

    public Boolean bool(JsonNode body, String member) {
        String text = text(body, member);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(member, text, "Member must be a boolean");
        };
    }

    /** {@code A.member.N=x}: the strings of the list, or an empty list when absent. */
    public List<String> texts(JsonNode body, String member) {
        JsonNode node = body.get(member);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw invalid(member, node.asText(), "Member must be a list");
        }
        for (JsonNode item : node) {
            if (!item.isValueNode()) {
                throw invalid(member, item.toString(), "Member must be a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** Throws the API's ValidationError with every violation {@code validation} collected, in AWS's words. */
    public void check(Validation validation) {
        try {
            validation.throwIfInvalid();
        } catch (ApiException e) {
            throw validationError.apply(e.getMessage());
        }
    }

    private ApiException invalid(String member, String value, String constraint) {
        return validationError.apply("1 validation error detected: Value '" + value + "' at '" + lowerCamel(member)
                + "' failed to satisfy constraint: " + constraint);
    }

    /** The path AWS's validation messages name a member by: {@code UserName} is {@code userName}. */
    public static String lowerCamel(String member) {
        return member.isEmpty() ? member : Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
