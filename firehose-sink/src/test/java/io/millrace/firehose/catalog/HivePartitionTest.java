package io.millrace.firehose.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The partition an object key lies in, read from its name=value folders as Hive reads them. */
class HivePartitionTest {

    private static final List<String> KEYS = List.of("year", "month");

    @Test
    void theFoldersOfEveryKeyGiveValuesAndTheLocationEndsAtTheLastOne() {
        assertThat(HivePartition.of("lake", "events/year=2024/month=05/orders-1-2024-05-01-10-00-00-abc.parquet", KEYS))
                .contains(new HivePartition(List.of("2024", "05"), "s3://lake/events/year=2024/month=05/"));
        // Folders before, between and after the keys (a literal prefix, a time folder) are not part of the values.
        assertThat(HivePartition.of("lake", "a/b/year=2024/10/month=05/17/orders-1-x", KEYS))
                .contains(new HivePartition(List.of("2024", "05"), "s3://lake/a/b/year=2024/10/month=05/"));
        // Glue keeps partition key names in lower case; the Prefix may spell them otherwise.
        assertThat(HivePartition.of("lake", "Year=2024/Month=5/x", KEYS))
                .contains(new HivePartition(List.of("2024", "5"), "s3://lake/Year=2024/Month=5/"));
    }

    @Test
    void aKeyMissingAKeyOutOfOrderOrOnlyInTheObjectNameIsNoPartition() {
        assertThat(HivePartition.of("lake", "events/year=2024/x", KEYS)).isEmpty();
        assertThat(HivePartition.of("lake", "month=05/year=2024/x", KEYS)).isEmpty();
        assertThat(HivePartition.of("lake", "year=2024/month=05", KEYS)).isEmpty();
        assertThat(HivePartition.of("lake", "events/2024/05/x", KEYS)).isEmpty();
        assertThat(HivePartition.of("lake", "year=2024/month=05/x", List.of())).isEmpty();
    }

    @Test
    void escapedValuesAreUnescapedAsHiveDoesAndEmptyValuesStay() {
        assertThat(HivePartition.of("lake", "year=2024/month=a%3Ab%2Fc%zz/x", KEYS))
                .contains(new HivePartition(List.of("2024", "a:b/c%zz"), "s3://lake/year=2024/month=a%3Ab%2Fc%zz/"));
        assertThat(HivePartition.of("lake", "year=/month=1/x", KEYS))
                .contains(new HivePartition(List.of("", "1"), "s3://lake/year=/month=1/"));
        assertThat(HivePartition.unescape("caf%C3%A9%")).isEqualTo("café%");
    }
}
