package io.millrace.gateway.protocol.auth;

import java.util.ArrayList;
import java.util.List;

/** The {@code Credential} of a SigV4 signature: {@code AKID/yyyyMMdd/region/service/aws4_request}. */
record CredentialScope(String accessKeyId, String date, String region, String service, String terminator) {

    static final String TERMINATOR = "aws4_request";

    /** Parses the five elements (trailing slashes ignored, as AWS does), or fails as AWS does. */
    static CredentialScope parse(String credential) {
        String trimmed = credential;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] parts = trimmed.split("/", -1);
        if (parts.length != 5) {
            throw SigV4Errors.incomplete("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** The scope as it appears in the string to sign: everything after the access key id. */
    String scope() {
        return date + "/" + region + "/" + service + "/" + terminator;
    }

    /**
     * Checks the scope against the request's timestamp, with AWS's messages (all problems in one message, as AWS
     * reports them). The region and service are not checked against a fixed value: a local gateway answers for any
     * region, and the caller decides which services it serves.
     */
    void check(String amzDate) {
        List<String> problems = new ArrayList<>();
        if (region.isEmpty()) {
            problems.add("Credential should be scoped to a valid region, not ''. ");
        }
        if (service.isEmpty()) {
            problems.add("Credential should be scoped to correct service: ''. ");
        }
        if (!TERMINATOR.equals(terminator)) {
            problems.add(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + terminator + "'. ");
        }
        String expectedDate = amzDate.substring(0, 8);
        if (!expectedDate.equals(date)) {
            problems.add("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + date + "' != '" + expectedDate + "', from '" + amzDate + "'.");
        }
        if (!problems.isEmpty()) {
            throw SigV4Errors.invalid(String.join("", problems).trim());
        }
    }
}
