package io.millrace.iam.policy;

/**
 * IAM's messages for the documents it refuses ({@code MalformedPolicyDocument}), in one place. Where IAM's wording is
 * not known the nearest of these is used, most often {@link #SYNTAX}.
 */
final class PolicyErrors {

    static final String SYNTAX = "Syntax errors in policy.";
    static final String LEGACY_PARSING = "The policy failed legacy parsing";
    static final String PRINCIPAL_NOT_ALLOWED = "Policy document should not specify a principal.";
    static final String PRINCIPAL_MISSING = "Missing required field Principal";
    static final String EFFECT_MISSING = "Missing required field Effect";
    static final String ACTIONS_MISSING = "Policy statement must contain actions.";
    static final String RESOURCES_MISSING = "Policy statement must contain resources.";
    static final String ACTION_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ACTION_COLONS = "Actions/Condition can contain only one colon.";
    static final String SID_NOT_UNIQUE = "Statement IDs (SID) in a single policy must be unique.";
    static final String SID_NOT_ALPHANUMERIC =
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression"
                    + " [0-9A-Za-z]*";
    static final String TRUST_ACTIONS = "AssumeRole policy may only specify STS AssumeRole actions.";

    private PolicyErrors() {}

    static MalformedPolicyException syntax() {
        return new MalformedPolicyException(SYNTAX);
    }

    static MalformedPolicyException of(String message) {
        return new MalformedPolicyException(message);
    }

    static MalformedPolicyException prohibitedField(String field) {
        return new MalformedPolicyException("Has prohibited field " + field);
    }

    static MalformedPolicyException resourceNotArn(String resource) {
        return new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
    }

    static MalformedPolicyException invalidPrincipal(String type, String value) {
        return new MalformedPolicyException("Invalid principal in policy: \"" + type + "\":\"" + value + "\"");
    }
}
