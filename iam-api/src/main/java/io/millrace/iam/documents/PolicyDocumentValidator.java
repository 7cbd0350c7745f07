package io.millrace.iam.documents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Checks a policy document before IAM or STS stores or uses it, and says what is wrong in IAM's words (the message
 * of MalformedPolicyDocument). The default only checks that the document is one well-formed JSON object; sizes are
 * quotas, checked by the actions ({@link PolicyDocuments#size}).
 *
 * <p>The production validator is the policy language's ({@code io.millrace.iam.evaluation.IamPolicyLanguage}),
 * which checks the grammar of each kind (a trust policy needs a Principal, an identity policy must have none) after
 * this JSON check.
 */
@FunctionalInterface
public interface PolicyDocumentValidator {

    /** What the document is for, since each kind has its own grammar. */
    enum Kind {
        /** Inline and managed policies of users and roles. */
        IDENTITY,
        /** A role's AssumeRolePolicyDocument. */
        TRUST,
        /** AssumeRole's Policy parameter. */
        SESSION
    }

    /** What is wrong with {@code document}, or empty when it may be used as {@code kind}. */
    Optional<String> problem(String document, Kind kind);

    /** IAM's answer to a document that is not JSON: "This policy contains invalid Json". */
    PolicyDocumentValidator WELL_FORMED_JSON = new PolicyDocumentValidator() {
        private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

        @Override
        public Optional<String> problem(String document, Kind kind) {
            JsonNode tree;
            try {
                tree = mapper.readTree(document);
            } catch (JsonProcessingException e) {
                return Optional.of("This policy contains invalid Json");
            }
            if (tree == null || !tree.isObject()) {
                return Optional.of("Syntax errors in policy.");
            }
            return Optional.empty();
        }
    };
}
