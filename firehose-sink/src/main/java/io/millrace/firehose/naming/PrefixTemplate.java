package io.millrace.firehose.naming;

import io.millrace.firehose.partitioning.PartitionKeys;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed Firehose S3 prefix: literal text and the expressions AWS evaluates at delivery time
 * ({@code !{timestamp:<DateTimeFormatter pattern>}}, {@code !{firehose:random-string}},
 * {@code !{firehose:error-output-type}}, and with dynamic partitioning {@code !{partitionKeyFromQuery:<name>}} and
 * {@code !{partitionKeyFromLambda:<name>}}). See "Custom Prefixes for Amazon S3 Objects" and "Dynamic partitioning"
 * in the Firehose guide; {@link PrefixRules} decides which expressions a stream may use.
 */
public final class PrefixTemplate {
    static final String RANDOM_STRING = "random-string";
    static final String ERROR_OUTPUT_TYPE = "error-output-type";

    private sealed interface Part permits Literal, Timestamp, Random, ErrorType, QueryKey, LambdaKey {}

    private record Literal(String text) implements Part {}

    private record Timestamp(DateTimeFormatter format) implements Part {}

    private record Random() implements Part {}

    private record ErrorType() implements Part {}

    private record QueryKey(String name) implements Part {}

    private record LambdaKey(String name) implements Part {}

    private final String raw;
    private final List<Part> parts;

    private PrefixTemplate(String raw, List<Part> parts) {
        this.raw = raw;
        this.parts = parts;
    }

    public static PrefixTemplate parse(String raw) {
        String text = raw == null ? "" : raw;
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("!{", i);
            if (start < 0) {
                parts.add(new Literal(text.substring(i)));
                break;
            }
            if (start > i) {
                parts.add(new Literal(text.substring(i, start)));
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new PrefixException("Unterminated expression in prefix: " + text.substring(start));
            }
            parts.add(expression(text.substring(start + 2, end)));
            i = end + 1;
        }
        return new PrefixTemplate(text, List.copyOf(parts));
    }

    private static Part expression(String body) {
        int colon = body.indexOf(':');
        String namespace = colon < 0 ? body : body.substring(0, colon);
        String value = colon < 0 ? "" : body.substring(colon + 1);
        switch (namespace) {
            case "timestamp":
                try {
                    return new Timestamp(DateTimeFormatter.ofPattern(value));
                } catch (IllegalArgumentException e) {
                    throw new PrefixException(
                            "The expression !{timestamp:" + value + "} is not a valid Java DateTimeFormatter pattern.");
                }
            case "firehose":
                if (RANDOM_STRING.equals(value)) {
                    return new Random();
                }
                if (ERROR_OUTPUT_TYPE.equals(value)) {
                    return new ErrorType();
                }
                throw new PrefixException("The expression !{firehose:" + value
                        + "} is not supported; use !{firehose:random-string} or !{firehose:error-output-type}.");
            case "partitionKeyFromQuery":
                return new QueryKey(keyName(body, value));
            case "partitionKeyFromLambda":
                return new LambdaKey(keyName(body, value));
            default:
                throw new PrefixException("The expression !{" + body + "} uses an unknown namespace '"
                        + namespace + "'; supported: timestamp, firehose, partitionKeyFromQuery, "
                        + "partitionKeyFromLambda.");
        }
    }

    private static String keyName(String body, String name) {
        if (name.isBlank()) {
            throw new PrefixException("The expression !{" + body + "} must name a partition key.");
        }
        return name;
    }

    public String raw() {
        return raw;
    }

    public boolean isEmpty() {
        return raw.isEmpty();
    }

    public boolean hasExpressions() {
        return parts.stream().anyMatch(p -> !(p instanceof Literal));
    }

    public boolean usesErrorOutputType() {
        return parts.stream().anyMatch(p -> p instanceof ErrorType);
    }

    /** The names of {@code !{partitionKeyFromQuery:name}} expressions, in order of appearance. */
    public Set<String> queryKeys() {
        Set<String> names = new LinkedHashSet<>();
        parts.stream().filter(p -> p instanceof QueryKey).forEach(p -> names.add(((QueryKey) p).name()));
        return names;
    }

    /** The names of {@code !{partitionKeyFromLambda:name}} expressions, in order of appearance. */
    public Set<String> lambdaKeys() {
        Set<String> names = new LinkedHashSet<>();
        parts.stream().filter(p -> p instanceof LambdaKey).forEach(p -> names.add(((LambdaKey) p).name()));
        return names;
    }

    public boolean usesPartitionKeys() {
        return parts.stream().anyMatch(p -> p instanceof QueryKey || p instanceof LambdaKey);
    }

    public String evaluate(ZonedDateTime time, String randomString, String errorOutputType) {
        return evaluate(time, randomString, errorOutputType, PartitionKeys.NONE);
    }

    /**
     * @param time the arrival time of the oldest record in the object, in the stream's time zone: every
     *     timestamp expression of one prefix evaluates to this same instant, as AWS documents
     * @param randomString the value of {@code !{firehose:random-string}}
     * @param errorOutputType the value of {@code !{firehose:error-output-type}}, or null outside error output
     * @param keys the partition keys of the object's records (all alike: records are buffered by their keys)
     */
    public String evaluate(ZonedDateTime time, String randomString, String errorOutputType, PartitionKeys keys) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Timestamp t) {
                out.append(t.format().format(time));
            } else if (part instanceof Random) {
                out.append(randomString);
            } else if (part instanceof ErrorType) {
                out.append(errorOutputType);
            } else if (part instanceof QueryKey q) {
                out.append(required(keys.query(q.name()), "partitionKeyFromQuery", q.name()));
            } else if (part instanceof LambdaKey l) {
                out.append(required(keys.lambda(l.name()), "partitionKeyFromLambda", l.name()));
            }
        }
        return out.toString();
    }

    private static String required(String value, String namespace, String name) {
        if (value == null) {
            // The partitioner routes records lacking a key to the error output: reaching here is a bug.
            throw new IllegalStateException("no value for !{" + namespace + ":" + name + "}");
        }
        return value;
    }
}
