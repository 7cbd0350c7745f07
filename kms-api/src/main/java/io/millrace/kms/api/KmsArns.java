package io.millrace.kms.api;

import java.util.Optional;

/** The ARNs of KMS: {@code arn:aws:kms:<region>:<account>:key/<key id>} and {@code ...:alias/<name>}. */
public final class KmsArns {

    private KmsArns() {}

    public static String key(String region, String accountId, String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }

    /** {@code aliasName} with its {@code alias/} prefix. */
    public static String alias(String region, String accountId, String aliasName) {
        return "arn:aws:kms:" + region + ":" + accountId + ":" + aliasName;
    }

    /** The resource part of a KMS ARN ({@code key/<id>} or {@code alias/<name>}); empty for any other text. */
    static Optional<String> resource(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("kms")) {
            return Optional.empty();
        }
        return Optional.of(parts[5]);
    }
}
