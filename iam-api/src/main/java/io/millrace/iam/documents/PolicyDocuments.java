package io.millrace.iam.documents;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How IAM measures policy documents and how it returns them. */
public final class PolicyDocuments {

    private PolicyDocuments() {}

    /**
     * A document's size against IAM's quotas: its characters without white space ("IAM and AWS STS quotas": "IAM
     * doesn't count white space when calculating the size of a policy against these quotas").
     */
    public static int size(String document) {
        int size = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) {
                size++;
            }
        }
        return size;
    }

    /**
     * A document as IAM returns it (GetUserPolicy, GetRole, GetPolicyVersion...): URL-encoded per RFC 3986
     * ("The policy document returned in this structure is URL-encoded compliant with RFC 3986"), spaces as
     * {@code %20}, which {@code urllib.parse.unquote} and the CLI decode.
     */
    public static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
