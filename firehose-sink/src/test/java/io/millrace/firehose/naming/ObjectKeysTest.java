package io.millrace.firehose.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.partitioning.PartitionKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    private static final long ARRIVAL = Instant.parse("2024-12-31T23:59:58Z").toEpochMilli();
    private static final String SEED = DeterministicIds.seed("destination", "t", 3, 42);

    @Test
    void partitionKeysFillThePrefixAndSetTheirObjectsApart() {
        ObjectKeys keys = new ObjectKeys(
                "s",
                1,
                "customer_id=!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy}/",
                "err/!{firehose:error-output-type}/",
                ZoneOffset.UTC,
                ".json",
                true);
        PartitionKeys a = PartitionKeys.fromQuery(Map.of("customer_id", "a"));
        String seedA = DeterministicIds.seed("destination", "t", 3, 42, a.canonical());
        assertThat(keys.dataKey(ARRIVAL, seedA, a))
                .isEqualTo("customer_id=a/2024/s-1-2024-12-31-23-59-58-" + DeterministicIds.uuid(seedA) + ".json");
        // Without keys the plain seed: streams that do not partition keep their object names.
        assertThat(DeterministicIds.seed("destination", "t", 3, 42, PartitionKeys.NONE.canonical()))
                .isEqualTo(SEED);
        assertThat(seedA).isNotEqualTo(SEED);
        assertThatThrownBy(() -> new ObjectKeys(
                        "s",
                        1,
                        "c=!{partitionKeyFromQuery:customer_id}/",
                        "err/!{firehose:error-output-type}/",
                        ZoneOffset.UTC,
                        "",
                        false))
                .isInstanceOf(PrefixException.class)
                .hasMessageContaining("require dynamic partitioning");
    }

    @Test
    void emptyPrefixGetsTheDefaultUtcHourPrefix() {
        ObjectKeys keys = new ObjectKeys("s", 1, "", "", ZoneOffset.UTC, "");
        assertThat(keys.dataKey(ARRIVAL, SEED))
                .isEqualTo("2024/12/31/23/s-1-2024-12-31-23-59-58-" + DeterministicIds.uuid(SEED));
    }

    @Test
    void literalPrefixKeepsTheDefaultTimePrefixAndTheExtension() {
        ObjectKeys keys = new ObjectKeys("s", 7, "raw/", "", ZoneOffset.UTC, ".json.gz");
        assertThat(keys.dataKey(ARRIVAL, SEED))
                .startsWith("raw/2024/12/31/23/s-7-2024-12-31-23-59-58-")
                .endsWith(".json.gz");
    }

    @Test
    void customTimeZoneMovesPrefixAndSuffixTime() {
        ObjectKeys keys = new ObjectKeys("s", 1, "", "", ZoneId.of("Asia/Tokyo"), "");
        assertThat(keys.dataKey(ARRIVAL, SEED)).startsWith("2025/01/01/08/s-1-2025-01-01-08-59-58-");
    }

    @Test
    void expressionsReplaceTheDefaultPrefixAndAllTimestampsAreOneInstant() {
        ObjectKeys keys = new ObjectKeys(
                "s",
                1,
                "y=!{timestamp:yyyy}/m=!{timestamp:MM}/!{firehose:random-string}/",
                "err/!{firehose:error-output-type}/",
                ZoneOffset.UTC,
                "");
        String key = keys.dataKey(ARRIVAL, SEED);
        assertThat(key).matches("y=2024/m=12/[0-9a-z]{11}/s-1-2024-12-31-23-59-58-[0-9a-f-]{36}");
    }

    @Test
    void errorKeysUseTheErrorPrefixOrFallBackToPrefixPlusErrorType() {
        assertThat(new ObjectKeys("s", 1, "p/", "", ZoneOffset.UTC, ".gz").errorKey(ARRIVAL, SEED, "processing-failed"))
                .startsWith("p/processing-failed/2024/12/31/23/s-1-")
                .doesNotEndWith(".gz");
        assertThat(new ObjectKeys(
                                "s",
                                1,
                                "p/!{timestamp:yyyy}/",
                                "e/!{firehose:error-output-type}/!{timestamp:HH}/",
                                ZoneOffset.UTC,
                                "")
                        .errorKey(ARRIVAL, SEED, "processing-failed"))
                .startsWith("e/processing-failed/23/s-1-");
        assertThat(new ObjectKeys("s", 1, "", "errors/", ZoneOffset.UTC, "")
                        .errorKey(ARRIVAL, SEED, "processing-failed"))
                .startsWith("errors/processing-failed/2024/12/31/23/");
    }

    @Test
    void namesAreAFunctionOfOutputTopicPartitionAndStartOffset() {
        assertThat(DeterministicIds.uuid(DeterministicIds.seed("destination", "t", 3, 42)))
                .isEqualTo(DeterministicIds.uuid(SEED))
                .isNotEqualTo(DeterministicIds.uuid(DeterministicIds.seed("destination", "t", 3, 43)))
                .isNotEqualTo(DeterministicIds.uuid(DeterministicIds.seed("destination", "t", 4, 42)))
                .isNotEqualTo(DeterministicIds.uuid(DeterministicIds.seed("backup", "t", 3, 42)));
        assertThat(DeterministicIds.randomString(SEED))
                .hasSize(11)
                .isEqualTo(DeterministicIds.randomString(SEED))
                .isNotEqualTo(DeterministicIds.randomString(DeterministicIds.seed("destination", "t", 3, 43)));
    }

    @Test
    void awsPrefixRulesAreEnforced() {
        assertThatThrownBy(() -> PrefixRules.validate("a/!{timestamp:yyyy}/", ""))
                .isInstanceOf(PrefixException.class)
                .hasMessageContaining("ErrorOutputPrefix cannot be null or empty");
        assertThatThrownBy(() -> PrefixRules.validate("a/!{firehose:error-output-type}/", "e/"))
                .hasMessageContaining("only allowed in ErrorOutputPrefix");
        assertThatThrownBy(() -> PrefixRules.validate("a/", "e/!{timestamp:yyyy}/"))
                .hasMessageContaining("must contain !{firehose:error-output-type}");
        assertThatThrownBy(() -> PrefixRules.validate("a/!{timestamp:bogus-pattern-{}/", "e/"))
                .isInstanceOf(PrefixException.class);
        assertThatThrownBy(() -> PrefixRules.validate("a/!{timestamp:yyyy", "e/"))
                .hasMessageContaining("Unterminated");
        assertThatThrownBy(() -> PrefixRules.validate("a/!{nope:x}/", "e/!{firehose:error-output-type}"))
                .hasMessageContaining("unknown namespace");
        assertThatThrownBy(
                        () -> PrefixRules.validate("!{partitionKeyFromQuery:id}/", "e/!{firehose:error-output-type}"))
                .hasMessageContaining("dynamic partitioning");
        assertThatThrownBy(() -> PrefixRules.validate("x".repeat(1025), "")).hasMessageContaining("1024");
        PrefixRules.validate("", "");
        PrefixRules.validate("a/", "");
        PrefixRules.validate(
                "a/!{timestamp:yyyy}/!{firehose:random-string}/", "e/!{firehose:error-output-type}/!{timestamp:yyyy}/");
    }
}
