/**
 * Who may call what: the principal behind a signed request ({@link io.millrace.gateway.access.Principal}), the keys
 * the gateway knows ({@link io.millrace.gateway.access.KeyDirectory}), the permissions a call needs
 * ({@link io.millrace.gateway.access.AccessRequest}) and the decision on them
 * ({@link io.millrace.gateway.access.Authorizer}). Depends on nothing else of the gateway, so that every service
 * module and the IAM module share it.
 */
package io.millrace.gateway.access;
