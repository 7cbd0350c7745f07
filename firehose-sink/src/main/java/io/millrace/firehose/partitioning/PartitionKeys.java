package io.millrace.firehose.partitioning;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partition key values of one record (dynamic partitioning): name to value, from the MetadataExtraction query
 * ({@code !{partitionKeyFromQuery:name}}) or a Lambda's {@code metadata.partitionKeys}
 * ({@code !{partitionKeyFromLambda:name}}). Records with equal keys share a buffer and an S3 prefix. Sorted by name,
 * so equal keys compare, hash and name objects alike whatever order the query produced them in.
 */
public final class PartitionKeys {
    /** No dynamic partitioning: one buffer per Kafka partition, as without the feature. */
    public static final PartitionKeys NONE = new PartitionKeys(Map.of(), Map.of());

    private final SortedMap<String, String> fromQuery;
    private final SortedMap<String, String> fromLambda;

    private PartitionKeys(Map<String, String> fromQuery, Map<String, String> fromLambda) {
        this.fromQuery = Collections.unmodifiableSortedMap(new TreeMap<>(fromQuery));
        this.fromLambda = Collections.unmodifiableSortedMap(new TreeMap<>(fromLambda));
    }

    public static PartitionKeys of(Map<String, String> fromQuery, Map<String, String> fromLambda) {
        if (fromQuery.isEmpty() && fromLambda.isEmpty()) {
            return NONE;
        }
        return new PartitionKeys(fromQuery, fromLambda);
    }

    public static PartitionKeys fromQuery(Map<String, String> keys) {
        return of(keys, Map.of());
    }

    public boolean isEmpty() {
        return fromQuery.isEmpty() && fromLambda.isEmpty();
    }

    /** The value of {@code !{partitionKeyFromQuery:name}}, or null. */
    public String query(String name) {
        return fromQuery.get(name);
    }

    /** The value of {@code !{partitionKeyFromLambda:name}}, or null. */
    public String lambda(String name) {
        return fromLambda.get(name);
    }

    /**
     * A stable text of the keys, added to the seed of deterministic object names: two buffers of one segment with
     * different keys must not share a uuid, and a replay must find the same one.
     */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        fromQuery.forEach((k, v) ->
                b.append("q\u0000").append(k).append('\u0000').append(v).append('\u0000'));
        fromLambda.forEach((k, v) ->
                b.append("l\u0000").append(k).append('\u0000').append(v).append('\u0000'));
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionKeys other
                && fromQuery.equals(other.fromQuery)
                && fromLambda.equals(other.fromLambda);
    }

    @Override
    public int hashCode() {
        return 31 * fromQuery.hashCode() + fromLambda.hashCode();
    }

    @Override
    public String toString() {
        return "PartitionKeys{query=" + fromQuery + ", lambda=" + fromLambda + "}";
    }
}
