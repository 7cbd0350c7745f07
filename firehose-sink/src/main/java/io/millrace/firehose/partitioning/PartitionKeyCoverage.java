package io.millrace.firehose.partitioning;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * AWS's rule that the Prefix and the MetadataExtractionQuery agree: every {@code !{partitionKeyFromQuery:name}} of
 * the Prefix is a key the query produces, and every key the query produces is used by the Prefix. The query's keys
 * are known without a record when it builds an object from paths ({@code {a: .x, b: .y.z}}): run on an empty record
 * it yields those keys with null values. A query that needs real data (say {@code strftime} on a field) cannot be
 * checked ahead; its records are then checked one by one.
 */
public final class PartitionKeyCoverage {
    private PartitionKeyCoverage() {}

    /** @throws IllegalArgumentException naming the keys that do not match */
    public static void check(MetadataExtractionQuery query, Set<String> prefixKeys) {
        Set<String> produced;
        try {
            produced = keysOnEmptyRecord(query);
        } catch (MetadataExtractionQuery.ExtractionException e) {
            return;
        }
        if (produced == null) {
            return;
        }
        Set<String> missing = new TreeSet<>(prefixKeys);
        missing.removeAll(produced);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The Prefix uses partitionKeyFromQuery keys " + missing
                    + " that the MetadataExtractionQuery does not produce.");
        }
        Set<String> unused = new TreeSet<>(produced);
        unused.removeAll(prefixKeys);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("The MetadataExtractionQuery produces partition keys " + unused
                    + " that the Prefix does not use; every partition key must appear in the Prefix as "
                    + "!{partitionKeyFromQuery:<name>}.");
        }
    }

    /** The key names the query gives an empty object, or null when its output is not an object. */
    private static Set<String> keysOnEmptyRecord(MetadataExtractionQuery query) {
        Map<String, String> keys = query.evaluateNames(JsonNodeFactory.instance.objectNode());
        return keys == null ? null : keys.keySet();
    }
}
