package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.it.TestStack;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ColumnStatistics;
import software.amazon.awssdk.services.glue.model.ColumnStatisticsType;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetColumnStatisticsForPartitionResponse;
import software.amazon.awssdk.services.glue.model.GetColumnStatisticsForTableResponse;

/** Column statistics of a table and of its partitions, as query engines write and read them. */
class GlueColumnStatisticsApiIT {

    private static GlueClient glue;

    @BeforeAll
    static void start() {
        glue = FirehoseTestGateway.shared().glue();
    }

    private static ColumnStatistics longStatistics(String column, long min, long max) {
        return ColumnStatistics.builder()
                .columnName(column)
                .columnType("bigint")
                .analyzedTime(Instant.parse("2026-12-01T00:00:00Z"))
                .statisticsData(d -> d.type(ColumnStatisticsType.LONG)
                        .longColumnStatisticsData(l -> l.minimumValue(min)
                                .maximumValue(max)
                                .numberOfNulls(0L)
                                .numberOfDistinctValues(42L)))
                .build();
    }

    @Test
    void statisticsOfTablesAndPartitionsAreUpdatedReadAndDeleted() {
        String db = TestStack.unique("stats");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
        glue.createTable(r -> r.databaseName(db)
                .tableInput(t -> t.name("events")
                        .partitionKeys(
                                Column.builder().name("day").type("string").build())
                        .storageDescriptor(sd -> sd.columns(
                                Column.builder().name("id").type("bigint").build(),
                                Column.builder().name("body").type("string").build()))));
        glue.createPartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionInput(p -> p.values("2026-12-01")
                        .storageDescriptor(sd -> sd.columns(
                                Column.builder().name("id").type("bigint").build()))));

        var update = glue.updateColumnStatisticsForTable(r -> r.databaseName(db)
                .tableName("events")
                .columnStatisticsList(longStatistics("id", 1, 99), longStatistics("nope", 0, 0)));
        assertThat(update.errors())
                .as("a column the table does not have")
                .extracting(
                        e -> e.columnStatistics().columnName(), e -> e.error().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nope", "InvalidInputException"));
        GetColumnStatisticsForTableResponse table = glue.getColumnStatisticsForTable(
                r -> r.databaseName(db).tableName("events").columnNames("id", "body"));
        assertThat(table.columnStatisticsList()).hasSize(1);
        var stats = table.columnStatisticsList().get(0);
        assertThat(stats.columnName()).isEqualTo("id");
        assertThat(stats.analyzedTime()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(stats.statisticsData().longColumnStatisticsData().maximumValue())
                .isEqualTo(99L);
        assertThat(table.errors())
                .extracting(e -> e.columnName(), e -> e.error().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("body", "EntityNotFoundException"));

        glue.updateColumnStatisticsForPartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionValues("2026-12-01")
                .columnStatisticsList(longStatistics("id", 5, 7)));
        GetColumnStatisticsForPartitionResponse partition = glue.getColumnStatisticsForPartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionValues("2026-12-01")
                .columnNames("id"));
        assertThat(partition.columnStatisticsList())
                .singleElement()
                .satisfies(s -> assertThat(
                                s.statisticsData().longColumnStatisticsData().minimumValue())
                        .isEqualTo(5L));
        assertThat(glue.getColumnStatisticsForTable(
                                r -> r.databaseName(db).tableName("events").columnNames("id"))
                        .columnStatisticsList()
                        .get(0)
                        .statisticsData()
                        .longColumnStatisticsData()
                        .minimumValue())
                .as("the table's own statistics are apart from the partition's")
                .isEqualTo(1L);
        assertThatThrownBy(() -> glue.getColumnStatisticsForPartition(r -> r.databaseName(db)
                        .tableName("events")
                        .partitionValues("1999")
                        .columnNames("id")))
                .isInstanceOf(EntityNotFoundException.class);

        glue.deleteColumnStatisticsForTable(
                r -> r.databaseName(db).tableName("events").columnName("id"));
        assertThat(glue.getColumnStatisticsForTable(
                                r -> r.databaseName(db).tableName("events").columnNames("id"))
                        .columnStatisticsList())
                .isEmpty();
        assertThatThrownBy(() -> glue.deleteColumnStatisticsForTable(
                        r -> r.databaseName(db).tableName("events").columnName("id")))
                .isInstanceOf(EntityNotFoundException.class);

        glue.deletePartition(r -> r.databaseName(db).tableName("events").partitionValues("2026-12-01"));
        glue.createPartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionInput(p -> p.values("2026-12-01")
                        .storageDescriptor(sd -> sd.columns(
                                Column.builder().name("id").type("bigint").build()))));
        assertThat(glue.getColumnStatisticsForPartition(r -> r.databaseName(db)
                                .tableName("events")
                                .partitionValues("2026-12-01")
                                .columnNames("id"))
                        .columnStatisticsList())
                .as("a partition deleted takes its statistics")
                .isEmpty();
    }
}
