package io.millrace.iam.evaluation;

import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.sts.TrustPolicyCheck;

/** What the IAM and STS APIs check documents and role trust with: {@link IamPolicyLanguage#get()} in production. */
public record PolicyLanguage(PolicyDocumentValidator validator, TrustPolicyCheck trust) {}
