package io.millrace.firehose.partitioning;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides the partition of each record under dynamic partitioning: its partition keys, limited to those the Prefix
 * uses (AWS creates a partition per distinct evaluated prefix), or the reason it goes to the error output.
 */
public final class RecordPartitioner {
    /** Where a record goes. */
    public sealed interface Route {
        record Partitioned(PartitionKeys keys) implements Route {}

        record Failed(String errorCode, String errorMessage) implements Route {}
    }

    private final MetadataExtractionQuery query;
    private final Set<String> queryKeys;
    private final Set<String> lambdaKeys;

    /**
     * @param query the MetadataExtraction query, or null when the Prefix uses no {@code partitionKeyFromQuery}
     * @param queryKeys the names of {@code !{partitionKeyFromQuery:name}} in the Prefix
     * @param lambdaKeys the names of {@code !{partitionKeyFromLambda:name}} in the Prefix
     */
    public RecordPartitioner(MetadataExtractionQuery query, Set<String> queryKeys, Set<String> lambdaKeys) {
        if (query == null && !queryKeys.isEmpty()) {
            throw new IllegalArgumentException("partitionKeyFromQuery needs a MetadataExtractionQuery");
        }
        this.query = query;
        this.queryKeys = Set.copyOf(queryKeys);
        this.lambdaKeys = Set.copyOf(lambdaKeys);
    }

    /**
     * @param data the record after processing, as it will be delivered
     * @param lambdaPartitionKeys {@code metadata.partitionKeys} from a Lambda transform, or null without one
     */
    public Route route(byte[] data, Map<String, String> lambdaPartitionKeys) {
        Map<String, String> fromQuery = new TreeMap<>();
        if (!queryKeys.isEmpty()) {
            Map<String, String> extracted;
            try {
                extracted = query.extract(data);
            } catch (MetadataExtractionQuery.ExtractionException e) {
                return new Route.Failed(PartitioningErrors.METADATA_EXTRACTION_FAILED, e.getMessage());
            }
            for (String name : queryKeys) {
                String value = extracted.get(name);
                if (value == null) {
                    return new Route.Failed(
                            PartitioningErrors.METADATA_EXTRACTION_FAILED,
                            "The "
                                    + "MetadataExtractionQuery produced no value for the partition key " + name
                                    + " that the Prefix uses.");
                }
                fromQuery.put(name, value);
            }
        }
        Map<String, String> fromLambda = new TreeMap<>();
        for (String name : lambdaKeys) {
            String value = lambdaPartitionKeys == null ? null : lambdaPartitionKeys.get(name);
            if (value == null) {
                return new Route.Failed(
                        PartitioningErrors.METADATA_EXTRACTION_FAILED,
                        "The Lambda function " + "returned no metadata.partitionKeys value for " + name
                                + " that the Prefix uses.");
            }
            fromLambda.put(name, value);
        }
        return new Route.Partitioned(PartitionKeys.of(fromQuery, fromLambda));
    }
}
