package io.millrace.cloudtrail.event;

import java.util.List;
import java.util.Set;

/**
 * Which calls CloudTrail marks {@code readOnly}: those that only read (Describe*, List*, Get*, ...), KMS's
 * cryptographic operations, and STS's credential calls, as CloudTrail records them.
 */
final class ReadOnlyActions {

    private static final List<String> READ_PREFIXES = List.of(
            "Describe", "List", "Get", "Lookup", "Query", "Scan", "BatchGet", "TransactGet", "Subscribe", "Generate");
    private static final Set<String> READ_ACTIONS = Set.of(
            "Encrypt",
            "Decrypt",
            "ReEncrypt",
            "AssumeRole",
            "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML",
            "GetSessionToken",
            "GetCallerIdentity");

    private ReadOnlyActions() {}

    static boolean isReadOnly(String action) {
        if (action == null) {
            return false;
        }
        if (READ_ACTIONS.contains(action)) {
            return true;
        }
        for (String prefix : READ_PREFIXES) {
            if (action.startsWith(prefix)
                    && action.length() > prefix.length()
                    && Character.isUpperCase(action.charAt(prefix.length()))) {
                return true;
            }
        }
        return false;
    }
}
