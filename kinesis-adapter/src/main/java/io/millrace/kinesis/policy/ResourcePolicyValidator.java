package io.millrace.kinesis.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.millrace.iam.policy.MalformedPolicyException;
import io.millrace.iam.policy.PolicyDocument;
import java.io.IOException;
import java.util.Optional;

/**
 * Decides whether a document PutResourcePolicy is given may be attached: the one place where the policy language's
 * own checks (principals, actions, resources of the stream's account) plug in. Answers the reason it is refused,
 * which PutResourcePolicy returns as InvalidArgumentException, or empty when it may be attached.
 */
@FunctionalInterface
public interface ResourcePolicyValidator {

    /** Only that the document is one well-formed JSON object, as every IAM policy is. */
    ResourcePolicyValidator JSON_OBJECT = new ResourcePolicyValidator() {
        private final ObjectMapper json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();

        @Override
        public Optional<String> problemWith(String policy) {
            try (JsonParser parser = json.createParser(policy)) {
                JsonNode tree = json.readTree(parser);
                if (tree == null || !tree.isObject()) {
                    return Optional.of("Policy must be a JSON object.");
                }
                if (parser.nextToken() != null) {
                    return Optional.of("Policy must be a single JSON object.");
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("Policy is not valid JSON.");
            }
        }
    };

    /**
     * The policy language's checks for a resource-based policy, as IAM makes them: a Principal in every statement,
     * known elements, actions with a service prefix, well-formed conditions (the MalformedPolicyDocument wording).
     */
    ResourcePolicyValidator POLICY_LANGUAGE = policy -> {
        Optional<String> json = JSON_OBJECT.problemWith(policy);
        if (json.isPresent()) {
            return json;
        }
        try {
            PolicyDocument.parseResourcePolicy(policy);
            return Optional.empty();
        } catch (MalformedPolicyException e) {
            return Optional.of(e.getMessage());
        }
    };

    Optional<String> problemWith(String policy);
}
