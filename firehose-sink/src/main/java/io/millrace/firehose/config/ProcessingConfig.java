package io.millrace.firehose.config;

import java.util.Base64;
import org.apache.kafka.common.config.ConfigException;

/**
 * The processing keys ({@link ProcessingKeys}) of a {@link FirehoseSinkConfig}, checked and read: the Lambda
 * processor (its function, checked against the URL allowlist), the appended delimiter with its escapes, and the
 * RecordDeAggregation processor's base64 delimiter.
 */
final class ProcessingConfig {

    private ProcessingConfig() {}

    /** The Lambda function is an http(s) URL (allowed by the allowlist when it is enforced) or a java: class. */
    static void validateFunction(FirehoseSinkConfig c) {
        String function = c.getString(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION);
        if (!function.isEmpty()
                && !function.startsWith("http://")
                && !function.startsWith("https://")
                && !(function.startsWith("java:") && function.length() > "java:".length())) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_FUNCTION,
                    function,
                    "must be an http:// or https:// URL or java:<class name>");
        }
        UrlAllowlist allowlist = urlAllowlist(c);
        if (allowlist != null && function.startsWith("http") && !allowlist.allows(function)) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_FUNCTION,
                    function,
                    "matches no entry of " + ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST);
        }
    }

    /** The delimiter with its escapes resolved. */
    static String delimiter(FirehoseSinkConfig c) {
        String escaped = c.getString(ProcessingKeys.PROCESSING_DELIMITER);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char ch = escaped.charAt(i);
            if (ch == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append(next);
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** The DELIMITED processor's delimiter, base64-decoded; read when {@link FirehoseSinkConfig#subRecordType()} is DELIMITED. */
    static byte[] subRecordDelimiter(FirehoseSinkConfig c) {
        String encoded = c.getString(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER);
        byte[] delimiter;
        try {
            delimiter = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER, encoded, "not valid base64");
        }
        if (delimiter.length == 0) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER,
                    encoded,
                    "required (base64) when " + ProcessingKeys.PROCESSING_SUB_RECORD_TYPE + " is DELIMITED");
        }
        return delimiter;
    }

    /** The Lambda processor, or null when there is none. */
    static LambdaSettings lambdaSettings(FirehoseSinkConfig c) {
        String function = c.getString(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION);
        if (function.isEmpty()) {
            return null;
        }
        String arn = c.getString(ProcessingKeys.PROCESSING_LAMBDA_ARN).isEmpty()
                ? function
                : c.getString(ProcessingKeys.PROCESSING_LAMBDA_ARN);
        String streamArn = c.deliveryStreamArn();
        String[] arnParts = streamArn.split(":", 6);
        String region = arnParts.length > 3 && !arnParts[3].isEmpty() ? arnParts[3] : c.s3Region();
        String source = c.getString(ProcessingKeys.SOURCE_KINESIS_STREAM_ARN);
        return new LambdaSettings(
                function,
                arn,
                c.getInt(ProcessingKeys.PROCESSING_LAMBDA_RETRIES),
                Math.round(c.getDouble(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_SIZE_MB) * 1024 * 1024),
                c.getLong(ProcessingKeys.PROCESSING_LAMBDA_TIMEOUT_MS),
                c.getLong(ProcessingKeys.PROCESSING_LAMBDA_RETRY_BACKOFF_MS),
                streamArn,
                region,
                source.isEmpty() ? null : source,
                urlAllowlist(c));
    }

    /** The URLs an http(s) function may have, or null when any may. */
    private static UrlAllowlist urlAllowlist(FirehoseSinkConfig c) {
        if (!c.getBoolean(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED)) {
            return null;
        }
        try {
            return UrlAllowlist.parse(c.getList(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST,
                    c.getList(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST),
                    e.getMessage());
        }
    }
}
