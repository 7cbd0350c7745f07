package io.millrace.iam.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy document and checks it as IAM does (IAM User Guide, "IAM JSON policy element reference" and "Grammar
 * of the IAM JSON policy language",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): element names are
 * case-sensitive and an unknown one is a syntax error, as is a repeated one.
 */
final class PolicyParser {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> DOCUMENT_FIELDS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of(
            "Sid",
            "Effect",
            "Principal",
            "NotPrincipal",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");

    /** The actions a role trust policy may grant (IAM User Guide, "Role trust policy"). */
    private static final List<String> TRUST_ACTIONS = List.of(
            "sts:AssumeRole",
            "sts:AssumeRoleWithSAML",
            "sts:AssumeRoleWithWebIdentity",
            "sts:TagSession",
            "sts:SetSourceIdentity",
            "sts:SetContext");

    private final PolicyDocument.Kind kind;
    private final boolean substitute;

    private PolicyParser(PolicyDocument.Kind kind, String version) {
        this.kind = kind;
        this.substitute = version.equals(PolicyDocument.VERSION_2012);
    }

    static PolicyDocument parse(String json, PolicyDocument.Kind kind) {
        JsonNode root = read(json);
        if (!root.isObject()) {
            throw PolicyErrors.syntax();
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            if (!DOCUMENT_FIELDS.contains(names.next())) {
                throw PolicyErrors.syntax();
            }
        }
        String version = version(root.get("Version"));
        String id = optionalText(root.get("Id"));
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray())) {
            throw PolicyErrors.syntax();
        }
        List<JsonNode> statementNodes = new ArrayList<>();
        if (statementNode.isObject()) {
            statementNodes.add(statementNode);
        } else {
            statementNode.forEach(statementNodes::add);
        }
        if (statementNodes.isEmpty()) {
            throw PolicyErrors.syntax();
        }
        PolicyParser parser = new PolicyParser(kind, version);
        List<Statement> statements = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        for (JsonNode node : statementNodes) {
            Statement statement = parser.statement(node);
            if (statement.sid() != null && !statement.sid().isEmpty() && !sids.add(statement.sid())) {
                throw PolicyErrors.of(PolicyErrors.SID_NOT_UNIQUE);
            }
            statements.add(statement);
        }
        return new PolicyDocument(kind, version, id, statements);
    }

    private static JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            throw PolicyErrors.syntax();
        }
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw PolicyErrors.syntax();
        }
    }

    private static String version(JsonNode node) {
        if (node == null) {
            return PolicyDocument.VERSION_2008;
        }
        if (!node.isTextual()) {
            throw PolicyErrors.syntax();
        }
        String version = node.textValue();
        if (!version.equals(PolicyDocument.VERSION_2012) && !version.equals(PolicyDocument.VERSION_2008)) {
            // IAM reads a document of a version it does not know with its legacy parser, which refuses it.
            throw PolicyErrors.of(PolicyErrors.LEGACY_PARSING);
        }
        return version;
    }

    private Statement statement(JsonNode node) {
        if (!node.isObject()) {
            throw PolicyErrors.syntax();
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!STATEMENT_FIELDS.contains(names.next())) {
                throw PolicyErrors.syntax();
            }
        }
        String sid = sid(node.get("Sid"));
        Effect effect = effect(node.get("Effect"));
        PrincipalList principals = principals(node);
        ActionList actions = actions(node);
        ResourceList resources = resources(node);
        List<Condition> conditions = ConditionParser.parse(node.get("Condition"), substitute);
        return new Statement(sid, effect, principals, actions, resources, conditions);
    }

    private String sid(JsonNode node) {
        String sid = optionalText(node);
        if (sid != null
                && kind == PolicyDocument.Kind.IDENTITY
                && !sid.chars().allMatch(PolicyParser::isAlphanumeric)) {
            throw PolicyErrors.of(PolicyErrors.SID_NOT_ALPHANUMERIC);
        }
        return sid;
    }

    private static boolean isAlphanumeric(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static Effect effect(JsonNode node) {
        if (node == null) {
            throw PolicyErrors.of(PolicyErrors.EFFECT_MISSING);
        }
        if (!node.isTextual()) {
            throw PolicyErrors.syntax();
        }
        return switch (node.textValue()) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw PolicyErrors.syntax();
        };
    }

    private PrincipalList principals(JsonNode statement) {
        JsonNode principal = statement.get("Principal");
        JsonNode notPrincipal = statement.get("NotPrincipal");
        if (kind == PolicyDocument.Kind.IDENTITY) {
            if (principal != null || notPrincipal != null) {
                throw PolicyErrors.of(PolicyErrors.PRINCIPAL_NOT_ALLOWED);
            }
            return null;
        }
        if (principal == null && notPrincipal == null) {
            throw PolicyErrors.of(PolicyErrors.PRINCIPAL_MISSING);
        }
        if (principal != null && notPrincipal != null) {
            throw PolicyErrors.syntax();
        }
        return principalList(principal != null ? principal : notPrincipal, notPrincipal != null);
    }

    private static PrincipalList principalList(JsonNode node, boolean not) {
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw PolicyErrors.syntax();
            }
            return new PrincipalList(true, List.of(), List.of(), not);
        }
        if (!node.isObject() || node.isEmpty()) {
            throw PolicyErrors.syntax();
        }
        List<String> aws = List.of();
        List<String> services = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!PRINCIPAL_TYPES.contains(field.getKey())) {
                throw PolicyErrors.syntax();
            }
            List<String> values = strings(field.getValue());
            if (values.isEmpty()) {
                throw PolicyErrors.syntax();
            }
            if (field.getKey().equals("AWS")) {
                for (String value : values) {
                    if (!value.equals("*") && !PrincipalList.isAccountId(value) && !value.startsWith("arn:")) {
                        throw PolicyErrors.invalidPrincipal("AWS", value);
                    }
                }
                aws = values;
            } else if (field.getKey().equals("Service")) {
                services = values;
            }
        }
        return new PrincipalList(false, aws, services, not);
    }

    private ActionList actions(JsonNode statement) {
        Element element = element(statement, "Action", PolicyErrors.ACTIONS_MISSING);
        List<String> actions = element.values();
        for (String value : actions) {
            checkVendor(value);
        }
        if (kind == PolicyDocument.Kind.TRUST && !element.not()) {
            for (String value : actions) {
                Glob pattern = Glob.of(value, true);
                if (TRUST_ACTIONS.stream().noneMatch(pattern::matches)) {
                    throw PolicyErrors.of(PolicyErrors.TRUST_ACTIONS);
                }
            }
        }
        return new ActionList(actions, element.not());
    }

    /** An action or condition key names its service: {@code kinesis:PutRecord}, {@code aws:SourceIp}. */
    static void checkVendor(String name) {
        if (name.equals("*")) {
            return;
        }
        int colon = name.indexOf(':');
        if (colon <= 0) {
            throw PolicyErrors.of(PolicyErrors.ACTION_VENDOR);
        }
        if (name.indexOf(':', colon + 1) >= 0) {
            throw PolicyErrors.of(PolicyErrors.ACTION_COLONS);
        }
    }

    private ResourceList resources(JsonNode statement) {
        JsonNode resource = statement.get("Resource");
        JsonNode notResource = statement.get("NotResource");
        if (kind == PolicyDocument.Kind.TRUST) {
            if (resource != null) {
                throw PolicyErrors.prohibitedField("Resource");
            }
            if (notResource != null) {
                throw PolicyErrors.prohibitedField("NotResource");
            }
            return ResourceList.ANY;
        }
        Element element = element(statement, "Resource", PolicyErrors.RESOURCES_MISSING);
        List<PolicyString> patterns = new ArrayList<>();
        for (String value : element.values()) {
            if (!value.equals("*") && !value.startsWith("arn:")) {
                throw PolicyErrors.resourceNotArn(value);
            }
            patterns.add(PolicyString.parse(value, substitute));
        }
        return new ResourceList(patterns, element.not());
    }

    /** An element and its negation (Action/NotAction, Resource/NotResource): exactly one, not empty. */
    private record Element(List<String> values, boolean not) {}

    private static Element element(JsonNode statement, String name, String missingMessage) {
        JsonNode plain = statement.get(name);
        JsonNode negated = statement.get("Not" + name);
        if (plain != null && negated != null) {
            throw PolicyErrors.syntax();
        }
        if (plain == null && negated == null) {
            throw PolicyErrors.of(missingMessage);
        }
        List<String> values = strings(plain != null ? plain : negated);
        if (values.isEmpty()) {
            throw PolicyErrors.of(missingMessage);
        }
        return new Element(values, negated != null);
    }

    /** A string or an array of strings, as Action, Resource and principals take them. */
    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw PolicyErrors.syntax();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw PolicyErrors.syntax();
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static String optionalText(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw PolicyErrors.syntax();
        }
        return node.textValue();
    }
}
