package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.errors.CloudTrailErrors;
import java.util.regex.Pattern;

/**
 * Trail names and ARNs as CloudTrail checks them. A name (CreateTrail, "Name"): 3 to 128 ASCII letters, digits,
 * periods, underscores and dashes, starting and ending with a letter or digit, no two of {@code ._-} side by side,
 * not formatted as an IP address. Other actions take the name or the ARN
 * {@code arn:aws:cloudtrail:<region>:<account>:trail/<name>}.
 */
final class TrailNames {

    private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern ADJACENT = Pattern.compile("[._-]{2}");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String region;
    private final String accountId;

    TrailNames(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    String arn(String name) {
        return "arn:aws:cloudtrail:" + region + ":" + accountId + ":trail/" + name;
    }

    /** The name a request's name-or-ARN member stands for; null or empty is TrailNotProvidedException. */
    String resolve(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            throw CloudTrailErrors.trailNotProvided();
        }
        if (!nameOrArn.startsWith("arn:")) {
            return valid(nameOrArn);
        }
        String[] parts = nameOrArn.split(":", 6);
        if (parts.length != 6
                || !parts[1].startsWith("aws")
                || !parts[2].equals("cloudtrail")
                || !parts[5].startsWith("trail/")) {
            throw CloudTrailErrors.trailArnInvalid(nameOrArn);
        }
        String name = valid(parts[5].substring("trail/".length()));
        if (!parts[3].equals(region) || !parts[4].equals(accountId)) {
            // Another region's or account's trail: none are kept here.
            throw CloudTrailErrors.trailNotFound(nameOrArn, accountId);
        }
        return name;
    }

    /** {@code name} when it follows CloudTrail's naming rules, InvalidTrailNameException saying which it breaks. */
    static String valid(String name) {
        if (name.length() < 3) {
            throw CloudTrailErrors.invalidTrailName("Trail name too short. Minimum allowed length: 3 characters."
                    + " Specified name length: " + name.length() + " characters.");
        }
        if (name.length() > 128) {
            throw CloudTrailErrors.invalidTrailName("Trail name too long. Maximum allowed length: 128 characters."
                    + " Specified name length: " + name.length() + " characters.");
        }
        if (!CHARACTERS.matcher(name).matches()) {
            throw CloudTrailErrors.invalidTrailName("Trail name or ARN can only contain uppercase letters, lowercase"
                    + " letters, numbers, periods (.), hyphens (-), and underscores (_).");
        }
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            throw CloudTrailErrors.invalidTrailName("Trail name must starts with a letter or number.");
        }
        if (!Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            throw CloudTrailErrors.invalidTrailName("Trail name must ends with a letter or number.");
        }
        if (ADJACENT.matcher(name).find()) {
            throw CloudTrailErrors.invalidTrailName(
                    "Trail name cannot contain consecutive periods, underscores or dashes.");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            throw CloudTrailErrors.invalidTrailName("Trail name cannot be formatted as an IP address.");
        }
        return name;
    }
}
