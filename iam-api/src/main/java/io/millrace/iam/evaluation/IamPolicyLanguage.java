package io.millrace.iam.evaluation;

import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.policy.MalformedPolicyException;
import io.millrace.iam.policy.PolicyDocument;
import java.util.Optional;

/** The IAM policy language (module iam-policy) as the IAM and STS APIs use it: its grammar and its trust check. */
public final class IamPolicyLanguage {

    private IamPolicyLanguage() {}

    public static PolicyLanguage get() {
        return new PolicyLanguage(IamPolicyLanguage::problem, new TrustPolicyEvaluation());
    }

    /** IAM's MalformedPolicyDocument message for a document of {@code kind}, after the JSON check IAM makes first. */
    static Optional<String> problem(String document, PolicyDocumentValidator.Kind kind) {
        Optional<String> json = PolicyDocumentValidator.WELL_FORMED_JSON.problem(document, kind);
        if (json.isPresent()) {
            return json;
        }
        try {
            switch (kind) {
                case IDENTITY, SESSION -> PolicyDocument.parseIdentityPolicy(document);
                case TRUST -> PolicyDocument.parseTrustPolicy(document);
            }
            return Optional.empty();
        } catch (MalformedPolicyException e) {
            return Optional.of(e.getMessage());
        }
    }
}
