package io.millrace.iam.seed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The credentials file ({@code --credentials FILE}, {@code millrace.iam.credentials-file}): the users (with access
 * keys given explicitly), managed policies and roles an automated setup needs, created at start when missing. A
 * policy document is a JSON object or a string holding one. Unknown members are an error, so that a misspelt member
 * is not silently ignored.
 */
public record CredentialsFile(List<ManagedPolicy> policies, List<User> users, List<Role> roles) {

    public CredentialsFile {
        policies = policies == null ? List.of() : List.copyOf(policies);
        users = users == null ? List.of() : List.copyOf(users);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public record AccessKey(String accessKeyId, String secretAccessKey, String status) {}

    public record User(
            String name,
            String path,
            List<AccessKey> accessKeys,
            Map<String, JsonNode> policies,
            List<String> attachedPolicies) {}

    public record Role(
            String name,
            String path,
            String description,
            Integer maxSessionDuration,
            JsonNode assumeRolePolicy,
            Map<String, JsonNode> policies,
            List<String> attachedPolicies) {}

    public record ManagedPolicy(String name, String path, String description, JsonNode document) {}

    public static CredentialsFile read(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.readValue(file.toFile(), CredentialsFile.class);
    }

    /** A document as the file gives it: the text of a string, or an object written as JSON. */
    static String document(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
    }
}
