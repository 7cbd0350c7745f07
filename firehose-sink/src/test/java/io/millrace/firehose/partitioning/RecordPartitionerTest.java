package io.millrace.firehose.partitioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.partitioning.RecordPartitioner.Route;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** jq evaluation of MetadataExtractionQuery and the routing of records by their partition keys. */
class RecordPartitionerTest {
    /** The record of AWS's dynamic partitioning guide. */
    private static final String EVENT = "{\"type\":{\"device\":\"mobile\",\"event\":\"user_clicked_submit_button\"},"
            + "\"customer_id\":\"1234567890\",\"event_timestamp\":1565382027,\"region\":\"sample_region\"}";

    private static final String QUERY = "{customer_id: .customer_id, device: .type.device, "
            + "year: .event_timestamp|strftime(\"%Y\"), month: .event_timestamp|strftime(\"%m\"), "
            + "day: .event_timestamp|strftime(\"%d\"), hour: .event_timestamp|strftime(\"%H\")}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void evaluatesTheQueryOfAwsGuideOnItsRecord() {
        Map<String, String> keys = MetadataExtractionQuery.compile(QUERY).extract(bytes(EVENT));
        // 1565382027 is 2019-08-09T20:20:27Z.
        assertThat(keys)
                .containsExactly(
                        Map.entry("customer_id", "1234567890"),
                        Map.entry("device", "mobile"),
                        Map.entry("year", "2019"),
                        Map.entry("month", "08"),
                        Map.entry("day", "09"),
                        Map.entry("hour", "20"));
    }

    @Test
    void numbersAndBooleansAreTheirJsonTextAndArithmeticStaysIntegral() {
        Map<String, String> keys = MetadataExtractionQuery.compile(
                        "{n: .n, f: .f, b: .b, sum: (.n + 1), s: (.n | tostring)}")
                .extract(bytes("{\"n\": 41, \"f\": 2.5, \"b\": true}"));
        assertThat(keys)
                .containsEntry("n", "41")
                .containsEntry("f", "2.5")
                .containsEntry("b", "true")
                .containsEntry("sum", "42")
                .containsEntry("s", "41");
    }

    @Test
    void routesByTheKeysThePrefixUsesOnly() {
        RecordPartitioner partitioner = new RecordPartitioner(
                MetadataExtractionQuery.compile("{customer_id: .customer_id, device: .type.device}"),
                Set.of("customer_id"),
                Set.of());
        Route a = partitioner.route(bytes(EVENT), null);
        Route b = partitioner.route(bytes(EVENT.replace("mobile", "desktop")), null);
        Route c = partitioner.route(bytes(EVENT.replace("1234567890", "42")), null);
        assertThat(a)
                .isInstanceOfSatisfying(
                        Route.Partitioned.class,
                        p -> assertThat(p.keys().query("customer_id")).isEqualTo("1234567890"));
        // The device is not in the prefix: it does not split the partition.
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void recordsWhoseKeysCannotBeEvaluatedFailMetadataExtraction() {
        RecordPartitioner partitioner = new RecordPartitioner(
                MetadataExtractionQuery.compile("{customer_id: .customer_id}"), Set.of("customer_id"), Set.of());
        assertThat(failure(partitioner, "not json")).contains("not valid JSON");
        assertThat(failure(partitioner, "")).contains("empty");
        assertThat(failure(partitioner, "{\"other\": 1}"))
                .contains("customer_id")
                .contains("null");
        assertThat(failure(partitioner, "{\"customer_id\": {\"id\": 1}}")).contains("object");
        assertThat(failure(partitioner, "{\"customer_id\": [1]}")).contains("array");
        // .customer_id on an array is a jq error.
        assertThat(failure(partitioner, "[1, 2]")).contains("MetadataExtractionQuery failed");

        RecordPartitioner notAnObject =
                new RecordPartitioner(MetadataExtractionQuery.compile(".customer_id"), Set.of("customer_id"), Set.of());
        assertThat(failure(notAnObject, "{\"customer_id\": \"x\"}")).contains("one JSON object");
        RecordPartitioner twoResults = new RecordPartitioner(
                MetadataExtractionQuery.compile("{customer_id: .ids[]}"), Set.of("customer_id"), Set.of());
        assertThat(failure(twoResults, "{\"ids\": [\"a\", \"b\"]}")).contains("2 results");
        RecordPartitioner missing = new RecordPartitioner(
                MetadataExtractionQuery.compile("if .v == 1 then {customer_id: \"a\"} else {} end"),
                Set.of("customer_id"),
                Set.of());
        assertThat(failure(missing, "{\"v\": 2}")).contains("no value for the partition key customer_id");
        assertThat(missing.route(bytes("{\"v\": 1}"), null)).isInstanceOf(Route.Partitioned.class);
    }

    @Test
    void lambdaKeysComeFromTheLambdaMetadata() {
        RecordPartitioner partitioner = new RecordPartitioner(null, Set.of(), Set.of("tenant"));
        assertThat(partitioner.route(bytes("x"), Map.of("tenant", "t1")))
                .isInstanceOfSatisfying(
                        Route.Partitioned.class,
                        p -> assertThat(p.keys().lambda("tenant")).isEqualTo("t1"));
        assertThat(partitioner.route(bytes("x"), null))
                .isInstanceOfSatisfying(
                        Route.Failed.class,
                        f -> assertThat(f.errorCode()).isEqualTo(PartitioningErrors.METADATA_EXTRACTION_FAILED));
    }

    @Test
    void anInvalidQueryIsRefusedAtCompileTime() {
        assertThatThrownBy(() -> MetadataExtractionQuery.compile("{customer_id: .customer_id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid jq 1.6 expression");
    }

    @Test
    void coverageComparesTheQueryKeysWithThePrefixWhenTheyAreKnownAhead() {
        MetadataExtractionQuery query = MetadataExtractionQuery.compile("{a: .x, b: .y.z}");
        PartitionKeyCoverage.check(query, Set.of("a", "b"));
        assertThatThrownBy(() -> PartitionKeyCoverage.check(query, Set.of("a", "b", "c")))
                .hasMessageContaining("[c]")
                .hasMessageContaining("does not produce");
        assertThatThrownBy(() -> PartitionKeyCoverage.check(query, Set.of("a")))
                .hasMessageContaining("[b]")
                .hasMessageContaining("does not use");
        // Needs a real timestamp to run: checked record by record instead.
        PartitionKeyCoverage.check(MetadataExtractionQuery.compile("{y: .t|strftime(\"%Y\")}"), Set.of("other"));
    }

    @Test
    void equalKeysInAnyOrderAreOnePartition() {
        PartitionKeys one = PartitionKeys.fromQuery(Map.of("a", "1", "b", "2"));
        PartitionKeys other = PartitionKeys.fromQuery(new java.util.LinkedHashMap<>(Map.of("b", "2", "a", "1")));
        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(one.canonical()).isEqualTo(other.canonical());
        assertThat(PartitionKeys.fromQuery(Map.of("a", "1|b")).canonical())
                .isNotEqualTo(PartitionKeys.fromQuery(Map.of("a", "1", "b", "")).canonical());
    }

    private static String failure(RecordPartitioner partitioner, String data) {
        Route route = partitioner.route(bytes(data), null);
        assertThat(route).as(data).isInstanceOf(Route.Failed.class);
        Route.Failed failed = (Route.Failed) route;
        assertThat(failed.errorCode()).isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
        return failed.errorMessage();
    }
}
