/**
 * The IAM policy language: documents parsed and validated as IAM does, and evaluated as AWS's policy evaluation
 * logic describes (explicit deny, then allow, else implicit deny), for identity and resource-based policies.
 */
package io.millrace.iam.policy;
