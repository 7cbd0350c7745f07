package io.millrace.iam.policy;

/** A statement's Effect: exactly {@code Allow} or {@code Deny}, as IAM spells them. */
enum Effect {
    ALLOW,
    DENY
}
