package io.millrace.gateway.access;

import java.util.Objects;

/**
 * A service about to act as a role for one of an account's resources, as it presents itself to the role's trust
 * policy: its principal ({@code firehose.amazonaws.com}), the resource it acts for ({@code aws:SourceArn}, whose
 * account is {@code aws:SourceAccount}), and the {@code sts:ExternalId} it passes, if any (Firehose passes the
 * account id). Trust policies check these against the confused deputy
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 *
 * @param servicePrincipal the service's principal name
 * @param sourceArn        the resource the service acts for, or null when it acts for none
 * @param externalId       the external id the service passes, or null
 */
public record ServiceCaller(String servicePrincipal, String sourceArn, String externalId) {

    public ServiceCaller {
        Objects.requireNonNull(servicePrincipal, "servicePrincipal");
    }

    /** The account of {@link #sourceArn} (its fifth field), or null when there is no source or it names none. */
    public String sourceAccount() {
        return accountOf(sourceArn);
    }

    /** The account an ARN names in its fifth field, or null (no ARN, or none named, as in S3 bucket ARNs). */
    public static String accountOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && !parts[4].isEmpty() ? parts[4] : null;
    }
}
