package io.millrace.firehose.naming;

/**
 * The semantic rules AWS applies to a destination's Prefix and ErrorOutputPrefix when a delivery stream is
 * created or updated, enforced here once for both the API translation and the connector configuration.
 */
public final class PrefixRules {
    /** AWS: "Prefix" and "ErrorOutputPrefix" are at most 1024 characters (botocore model). */
    public static final int MAX_PREFIX_LENGTH = 1024;

    private PrefixRules() {}

    public static void validate(String prefix, String errorOutputPrefix) {
        validate(prefix, errorOutputPrefix, false);
    }

    /**
     * @param dynamicPartitioning DynamicPartitioningConfiguration.Enabled: partition key expressions are allowed
     *     (and required) in Prefix, and ErrorOutputPrefix is required ("Dynamic partitioning" in the Firehose guide)
     */
    public static void validate(String prefix, String errorOutputPrefix, boolean dynamicPartitioning) {
        String p = prefix == null ? "" : prefix;
        String e = errorOutputPrefix == null ? "" : errorOutputPrefix;
        if (p.length() > MAX_PREFIX_LENGTH || e.length() > MAX_PREFIX_LENGTH) {
            throw new PrefixException(
                    "Prefix and ErrorOutputPrefix must be at most " + MAX_PREFIX_LENGTH + " characters.");
        }
        PrefixTemplate main = PrefixTemplate.parse(p);
        PrefixTemplate error = PrefixTemplate.parse(e);
        if (main.usesErrorOutputType()) {
            throw new PrefixException(
                    "The expression !{firehose:error-output-type} is only allowed in " + "ErrorOutputPrefix.");
        }
        if (error.usesPartitionKeys()) {
            // Records land in the error output precisely when their keys cannot be evaluated.
            throw new PrefixException("The expressions !{partitionKeyFromQuery:...} and "
                    + "!{partitionKeyFromLambda:...} are not allowed in ErrorOutputPrefix.");
        }
        if (!dynamicPartitioning && main.usesPartitionKeys()) {
            throw new PrefixException("The expressions !{partitionKeyFromQuery:...} and "
                    + "!{partitionKeyFromLambda:...} require dynamic partitioning, which this delivery stream does "
                    + "not enable.");
        }
        if (dynamicPartitioning && !main.usesPartitionKeys()) {
            throw new PrefixException("When dynamic partitioning is enabled, Prefix must contain at least one "
                    + "!{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} expression.");
        }
        if (dynamicPartitioning && error.isEmpty()) {
            throw new PrefixException(
                    "ErrorOutputPrefix cannot be null or empty when dynamic partitioning is " + "enabled.");
        }
        if (main.hasExpressions() && error.isEmpty()) {
            throw new PrefixException(
                    "ErrorOutputPrefix cannot be null or empty when Prefix contains " + "expressions.");
        }
        if (error.hasExpressions() && !error.usesErrorOutputType()) {
            throw new PrefixException(
                    "ErrorOutputPrefix must contain !{firehose:error-output-type} when it " + "contains expressions.");
        }
        if (p.startsWith("/") || e.startsWith("/")) {
            throw new PrefixException("Prefix and ErrorOutputPrefix cannot start with '/'.");
        }
    }
}
