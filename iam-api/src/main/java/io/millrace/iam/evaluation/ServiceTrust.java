package io.millrace.iam.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a role's trust policy lets an AWS service ({@code firehose.amazonaws.com}) assume it: a statement with
 * Effect Allow whose Action covers {@code sts:AssumeRole} (wildcards as IAM matches them, case-insensitively) and
 * whose Principal names the service ({@code {"Service": "firehose.amazonaws.com"}}, a list holding it, or
 * {@code "*"}); a Deny statement that covers both wins. The policy language's evaluator matches only the callers the
 * gateway serves (users, role sessions, roots), so service principals are read here.
 *
 * <p>Conditions of trust statements are not evaluated: the keys AWS gives them when a service assumes a role
 * ({@code aws:SourceAccount}, {@code aws:SourceArn}) name the calling resource, which the service here always is in
 * the role's account. A statement with conditions therefore counts as if they held.
 */
final class ServiceTrust {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSUME_ROLE = "sts:assumerole";

    private ServiceTrust() {}

    /** Whether {@code trustPolicy} lets {@code servicePrincipal} call {@code sts:AssumeRole}; false if unparsable. */
    static boolean allows(String trustPolicy, String servicePrincipal) {
        JsonNode document;
        try {
            document = JSON.readTree(trustPolicy);
        } catch (IOException e) {
            return false;
        }
        if (document == null || !document.isObject()) {
            return false;
        }
        boolean allowed = false;
        for (JsonNode statement : listOf(document.get("Statement"))) {
            if (!coversAssumeRole(statement) || !namesService(statement, servicePrincipal)) {
                continue;
            }
            String effect = statement.path("Effect").asText("");
            if (effect.equals("Deny")) {
                return false;
            }
            allowed |= effect.equals("Allow");
        }
        return allowed;
    }

    private static boolean coversAssumeRole(JsonNode statement) {
        if (statement.has("NotAction")) {
            return texts(statement.get("NotAction")).stream().noneMatch(ServiceTrust::matchesAssumeRole);
        }
        return texts(statement.get("Action")).stream().anyMatch(ServiceTrust::matchesAssumeRole);
    }

    private static boolean matchesAssumeRole(String pattern) {
        return glob(pattern.toLowerCase(Locale.ROOT)).matcher(ASSUME_ROLE).matches();
    }

    private static boolean namesService(JsonNode statement, String servicePrincipal) {
        if (statement.has("NotPrincipal")) {
            return !lists(statement.get("NotPrincipal"), servicePrincipal);
        }
        return lists(statement.get("Principal"), servicePrincipal);
    }

    /** {@code "*"}, {@code {"AWS": "*"}} or a {@code Service} entry naming the service. */
    private static boolean lists(JsonNode principal, String servicePrincipal) {
        if (principal == null) {
            return false;
        }
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        return texts(principal.get("AWS")).contains("*")
                || texts(principal.get("Service")).contains(servicePrincipal);
    }

    private static List<JsonNode> listOf(JsonNode node) {
        List<JsonNode> nodes = new ArrayList<>();
        if (node == null) {
            return nodes;
        }
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        return nodes;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        for (JsonNode value : listOf(node)) {
            if (value.isTextual()) {
                texts.add(value.asText());
            }
        }
        return texts;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
