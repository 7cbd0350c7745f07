/**
 * The IAM policy language: documents parsed and validated as IAM does, and evaluated as AWS's policy evaluation
 * logic describes (explicit deny, then allow, else implicit deny), for identity and resource-based policies.
 *
 * <p>The API: {@link io.millrace.iam.policy.PolicyDocument} parses (once; documents are immutable and thread-safe),
 * {@link io.millrace.iam.policy.PolicyEvaluator#evaluate} decides an {@link io.millrace.iam.policy.EvaluationRequest}
 * (a {@link io.millrace.iam.policy.Caller}, an action, a resource, the policies, a
 * {@link io.millrace.iam.policy.ConditionContext}) into an {@link io.millrace.iam.policy.EvaluationResult}, and a
 * document IAM would refuse is a {@link io.millrace.iam.policy.MalformedPolicyException} with IAM's message.
 */
package io.millrace.iam.policy;
