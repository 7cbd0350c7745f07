package io.millrace.iam.access;

/**
 * One identity-based policy that applies to a principal, as the authorizer evaluates it: where it comes from (the
 * managed policy's ARN, or the user's or role's ARN for an inline policy), its name and its JSON document.
 */
public record IdentityPolicy(String sourceArn, String name, String document, boolean inline) {}
