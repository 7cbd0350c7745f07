package io.millrace.gateway.protocol.auth;

import io.millrace.gateway.access.Principal;

/**
 * Who signed a request, for which region and service, as named by the credential scope
 * ({@code AKID/20261125/us-east-1/kinesis/aws4_request}), and the principal behind that key. The key, region and
 * service are null for an unsigned request in open mode.
 */
public record CallerIdentity(String accessKeyId, String region, String service, Principal principal) {}
