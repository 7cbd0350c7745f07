package io.millrace.gateway.protocol.auth;

/**
 * Who signed a request, for which region and service, as named by the credential scope
 * ({@code AKID/20261125/us-east-1/kinesis/aws4_request}). All null for an unsigned request in open mode.
 */
public record CallerIdentity(String accessKeyId, String region, String service) {

    static final CallerIdentity UNSIGNED = new CallerIdentity(null, null, null);
}
