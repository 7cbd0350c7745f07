/**
 * Identity and access: the IAM API subset (users, access keys, roles, policies), STS, the store of identities in
 * Kafka, and the authorizer the gateway asks in signed mode.
 */
package io.millrace.iam;
