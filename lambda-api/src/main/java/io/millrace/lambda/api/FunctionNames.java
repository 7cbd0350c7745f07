package io.millrace.lambda.api;

import io.millrace.lambda.errors.LambdaErrors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a function is named by (the API reference's FunctionName): its name ({@code my-function}), a partial
 * ARN ({@code 123456789012:function:my-function}) or a full ARN, each with an optional qualifier
 * ({@code :$LATEST}). Only {@code $LATEST} exists here: functions have no published versions or aliases.
 */
final class FunctionNames {

    /** The name part: 1 to 64 letters, digits, hyphens and underscores (CreateFunction's FunctionName). */
    static final int MAX_NAME = 64;

    private static final Pattern FORMS = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d):)?(?:(\\d{12}):)?(?:function:)?"
                    + "([a-zA-Z0-9_-]+)(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");

    record Name(String name, String qualifier) {}

    private FunctionNames() {}

    /**
     * The name of {@code value}; an ARN of another account or region names a function that is not here.
     *
     * @throws io.millrace.gateway.protocol.ApiException InvalidParameterValueException for a malformed name,
     *     ResourceNotFoundException for another account's or region's function or a qualifier other than $LATEST
     */
    static Name parse(String value, String region, String account) {
        Matcher m = FORMS.matcher(value);
        if (!m.matches() || m.group(3).length() > MAX_NAME) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + value
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?"
                    + "(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        String name = m.group(3);
        if ((m.group(1) != null && !m.group(1).equals(region))
                || (m.group(2) != null && !m.group(2).equals(account))) {
            throw LambdaErrors.functionNotFound(value);
        }
        String qualifier = m.group(4);
        if (qualifier != null && !qualifier.equals("$LATEST")) {
            throw LambdaErrors.functionNotFound(arn(region, account, name) + ":" + qualifier);
        }
        return new Name(name, qualifier);
    }

    static String arn(String region, String account, String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }
}
