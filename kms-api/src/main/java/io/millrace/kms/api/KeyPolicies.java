package io.millrace.kms.api;

import io.millrace.iam.policy.MalformedPolicyException;
import io.millrace.iam.policy.PolicyDocument;
import io.millrace.kms.errors.KmsErrors;

/** The key policies AWS writes and the check of one a caller sends. */
final class KeyPolicies {

    /** PutKeyPolicy's limit: "The key policy cannot exceed 32 kilobytes". */
    static final int MAX_LENGTH = 32_768;

    private KeyPolicies() {}

    /**
     * "Default key policy" of a key created without one: the account's root may do everything, which lets IAM
     * policies of the account grant access to the key.
     */
    static String defaultPolicy(String accountId) {
        return """
                {
                  "Version" : "2012-10-17",
                  "Id" : "key-default-1",
                  "Statement" : [ {
                    "Sid" : "Enable IAM User Permissions",
                    "Effect" : "Allow",
                    "Principal" : {
                      "AWS" : "arn:aws:iam::%s:root"
                    },
                    "Action" : "kms:*",
                    "Resource" : "*"
                  } ]
                }""".formatted(accountId);
    }

    /**
     * The policy of an AWS-managed key ({@code aws/kinesis}...): every principal of the account may use it through
     * the service it belongs to, and the account may read it.
     */
    static String awsManagedPolicy(String accountId, String service, String region) {
        return """
                {
                  "Version" : "2012-10-17",
                  "Id" : "auto-%2$s-1",
                  "Statement" : [ {
                    "Sid" : "Allow access through %2$s for all principals in the account that are authorized to use %2$s",
                    "Effect" : "Allow",
                    "Principal" : {
                      "AWS" : "*"
                    },
                    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
                    "Resource" : "*",
                    "Condition" : {
                      "StringEquals" : {
                        "kms:CallerAccount" : "%1$s",
                        "kms:ViaService" : "%2$s.%3$s.amazonaws.com"
                      }
                    }
                  }, {
                    "Sid" : "Allow direct access to key metadata to the account",
                    "Effect" : "Allow",
                    "Principal" : {
                      "AWS" : "arn:aws:iam::%1$s:root"
                    },
                    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
                    "Resource" : "*"
                  } ]
                }""".formatted(accountId, service, region);
    }

    /** @throws io.millrace.gateway.protocol.ApiException MalformedPolicyDocumentException as KMS answers it */
    static String validated(String policy) {
        try {
            PolicyDocument.parseResourcePolicy(policy);
            return policy;
        } catch (MalformedPolicyException e) {
            throw KmsErrors.malformedPolicy(e.getMessage());
        }
    }
}
