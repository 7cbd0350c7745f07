package io.millrace.iam.identity;

import io.millrace.gateway.protocol.Validation;
import java.util.regex.Pattern;

/**
 * The constraints of botocore's IAM and STS models on names and paths, added to a {@link Validation} under the
 * member's path, so that a request with several bad members hears of them all in AWS's words.
 */
public final class IamNames {

    /** userNameType, roleNameType (1-64), policyNameType (1-128): letters, digits and {@code +=,.@_-}. */
    public static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    /** pathType: {@code /} or {@code /.../} of printable ASCII. */
    public static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    /** policyPathType, CreatePolicy's Path. */
    public static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    /** pathPrefixType of ListUsers and ListRoles. */
    public static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007F]*");
    /** policyDocumentType. */
    public static final Pattern DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    /** roleSessionNameType of STS (2-64). */
    public static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    /** accessKeyIdType (16-128). */
    public static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]+");
    /** roleDescriptionType. */
    public static final Pattern ROLE_DESCRIPTION =
            Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    public static final int USER_NAME_MAX = 64;
    /** existingUserNameType: names of users that already exist may be longer in requests that only read them. */
    public static final int EXISTING_USER_NAME_MAX = 128;

    public static final int ROLE_NAME_MAX = 64;
    public static final int POLICY_NAME_MAX = 128;
    public static final int PATH_MAX = 512;
    public static final int DOCUMENT_MAX = 131072;

    private IamNames() {}

    public static Validation name(Validation validation, String path, String value, int max) {
        return validation.length(path, value, 1, max).pattern(path, value, NAME);
    }

    public static Validation path(Validation validation, String path, String value, Pattern pattern) {
        return validation.length(path, value, 1, PATH_MAX).pattern(path, value, pattern);
    }

    public static Validation document(Validation validation, String path, String value) {
        return validation.length(path, value, 1, DOCUMENT_MAX).pattern(path, value, DOCUMENT);
    }
}
