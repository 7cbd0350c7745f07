package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.it.TestStack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;

/**
 * Partitions of a Hive-style table (year int, region string), as Athena, Spark or Trino register and prune them,
 * through the SDK's GlueClient.
 */
class GluePartitionApiIT {

    private static GlueClient glue;

    @BeforeAll
    static void start() {
        glue = FirehoseTestGateway.shared().glue();
    }

    /** A database with the table {@code events}, partitioned by year (int) and region (string). */
    private static String partitionedTable() {
        String db = TestStack.unique("lake");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
        glue.createTable(r -> r.databaseName(db)
                .tableInput(t -> t.name("events")
                        .tableType("EXTERNAL_TABLE")
                        .partitionKeys(
                                Column.builder().name("year").type("int").build(),
                                Column.builder().name("region").type("string").build())
                        .storageDescriptor(sd -> sd.columns(
                                        Column.builder()
                                                .name("id")
                                                .type("bigint")
                                                .build(),
                                        Column.builder()
                                                .name("body")
                                                .type("string")
                                                .build())
                                .location("s3://lake/events/"))));
        return db;
    }

    private static PartitionInput partition(String year, String region) {
        return PartitionInput.builder()
                .values(year, region)
                .storageDescriptor(sd -> sd.location("s3://lake/events/year=" + year + "/region=" + region + "/")
                        .columns(Column.builder().name("id").type("bigint").build()))
                .parameters(java.util.Map.of("source", "firehose"))
                .build();
    }

    private static List<List<String>> values(List<Partition> partitions) {
        return partitions.stream().map(Partition::values).toList();
    }

    @Test
    void partitionsAreCreatedReadUpdatedAndDeletedOneByOneAndInBatches() {
        String db = partitionedTable();
        glue.createPartition(r -> r.databaseName(db).tableName("events").partitionInput(partition("2024", "eu")));
        Partition got = glue.getPartition(
                        r -> r.databaseName(db).tableName("EVENTS").partitionValues("2024", "eu"))
                .partition();
        assertThat(got.values()).containsExactly("2024", "eu");
        assertThat(got.databaseName()).isEqualTo(db.toLowerCase());
        assertThat(got.tableName()).isEqualTo("events");
        assertThat(got.creationTime()).isNotNull();
        assertThat(got.storageDescriptor().location()).isEqualTo("s3://lake/events/year=2024/region=eu/");
        assertThat(got.parameters()).containsEntry("source", "firehose");
        assertThatThrownBy(() -> glue.createPartition(
                        r -> r.databaseName(db).tableName("events").partitionInput(partition("2024", "eu"))))
                .isInstanceOf(AlreadyExistsException.class);

        BatchCreatePartitionResponse batch = glue.batchCreatePartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionInputList(
                        partition("2023", "eu"),
                        partition("2024", "us"),
                        partition("2024", "eu"),
                        PartitionInput.builder().values("2025").build()));
        assertThat(batch.errors())
                .as("the existing partition and the one of too few values fail, the others are created")
                .extracting(e -> e.partitionValues(), e -> e.errorDetail().errorCode())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(List.of("2024", "eu"), "AlreadyExistsException"),
                        org.assertj.core.groups.Tuple.tuple(List.of("2025"), "InvalidInputException"));

        glue.updatePartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionValueList("2024", "us")
                .partitionInput(partition("2024", "us").toBuilder()
                        .parameters(java.util.Map.of("compacted", "true"))
                        .build()));
        Partition updated = glue.getPartition(
                        r -> r.databaseName(db).tableName("events").partitionValues("2024", "us"))
                .partition();
        assertThat(updated.parameters()).containsExactly(java.util.Map.entry("compacted", "true"));

        BatchUpdatePartitionResponse batchUpdate = glue.batchUpdatePartition(r -> r.databaseName(db)
                .tableName("events")
                .entries(
                        BatchUpdatePartitionRequestEntry.builder()
                                .partitionValueList("2023", "eu")
                                .partitionInput(partition("2022", "eu"))
                                .build(),
                        BatchUpdatePartitionRequestEntry.builder()
                                .partitionValueList("1999", "eu")
                                .partitionInput(partition("1999", "eu"))
                                .build()));
        assertThat(batchUpdate.errors())
                .extracting(e -> e.partitionValueList(), e -> e.errorDetail().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("1999", "eu"), "EntityNotFoundException"));
        assertThat(values(glue.batchGetPartition(r -> r.databaseName(db)
                                .tableName("events")
                                .partitionsToGet(
                                        PartitionValueList.builder()
                                                .values("2022", "eu")
                                                .build(),
                                        PartitionValueList.builder()
                                                .values("2023", "eu")
                                                .build(),
                                        PartitionValueList.builder()
                                                .values("2024", "us")
                                                .build()))
                        .partitions()))
                .as("new values move a partition; missing ones are left out")
                .containsExactlyInAnyOrder(List.of("2022", "eu"), List.of("2024", "us"));

        glue.deletePartition(r -> r.databaseName(db).tableName("events").partitionValues("2022", "eu"));
        assertThatThrownBy(() -> glue.getPartition(
                        r -> r.databaseName(db).tableName("events").partitionValues("2022", "eu")))
                .isInstanceOf(EntityNotFoundException.class);
        BatchDeletePartitionResponse deleted = glue.batchDeletePartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionsToDelete(
                        PartitionValueList.builder().values("2024", "us").build(),
                        PartitionValueList.builder().values("2000", "xx").build()));
        assertThat(deleted.errors())
                .extracting(e -> e.partitionValues(), e -> e.errorDetail().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("2000", "xx"), "EntityNotFoundException"));
        assertThat(values(glue.getPartitions(r -> r.databaseName(db).tableName("events"))
                        .partitions()))
                .containsExactly(List.of("2024", "eu"));

        glue.deleteTable(r -> r.databaseName(db).name("events"));
        assertThatThrownBy(() -> glue.getPartitions(r -> r.databaseName(db).tableName("events")))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void getPartitionsFiltersByExpressionAndPagesAndSegments() {
        String db = partitionedTable();
        List<PartitionInput> inputs = new ArrayList<>();
        for (int year = 2015; year <= 2024; year++) {
            for (String region : List.of("eu-west-1", "us-east-1")) {
                inputs.add(partition(Integer.toString(year), region));
            }
        }
        assertThat(glue.batchCreatePartition(
                                r -> r.databaseName(db).tableName("events").partitionInputList(inputs))
                        .errors())
                .isEmpty();

        assertThat(values(expression(db, "year >= 2023 AND region LIKE 'eu%'")))
                .containsExactlyInAnyOrder(List.of("2023", "eu-west-1"), List.of("2024", "eu-west-1"));
        assertThat(values(expression(db, "year BETWEEN 2016 AND 2017 AND region <> 'eu-west-1'")))
                .containsExactlyInAnyOrder(List.of("2016", "us-east-1"), List.of("2017", "us-east-1"));
        assertThat(values(expression(db, "year IN (2015, 2099) OR (year = 9 AND region = 'x')")))
                .containsExactlyInAnyOrder(List.of("2015", "eu-west-1"), List.of("2015", "us-east-1"));
        assertThat(expression(db, "year > 9"))
                .as("an int key compares as a number, not as text")
                .hasSize(20);
        assertThatThrownBy(() -> expression(db, "month = 1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("month");

        Set<List<String>> paged = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            GetPartitionsResponse page = glue.getPartitions(r -> r.databaseName(db)
                    .tableName("events")
                    .maxResults(7)
                    .excludeColumnSchema(true)
                    .nextToken(next));
            assertThat(page.partitions()).hasSizeLessThanOrEqualTo(7);
            page.partitions().forEach(p -> {
                assertThat(p.storageDescriptor().columns())
                        .as("ExcludeColumnSchema")
                        .isEmpty();
                assertThat(paged.add(p.values())).as("no partition twice").isTrue();
            });
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(paged).hasSize(20);
        assertThat(pages).isEqualTo(3);

        Set<List<String>> segmented = new HashSet<>();
        for (int segment = 0; segment < 3; segment++) {
            int s = segment;
            List<Partition> part = glue.getPartitions(r -> r.databaseName(db)
                            .tableName("events")
                            .segment(g -> g.segmentNumber(s).totalSegments(3)))
                    .partitions();
            part.forEach(p -> assertThat(segmented.add(p.values())).isTrue());
        }
        assertThat(segmented).as("the segments divide the partitions").isEqualTo(paged);
        assertThatThrownBy(() -> glue.getPartitions(r -> r.databaseName(db)
                        .tableName("events")
                        .segment(g -> g.segmentNumber(3).totalSegments(3))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void partitionsOfMissingTablesAndBadValuesAreGluesErrors() {
        String db = partitionedTable();
        assertThatThrownBy(() -> glue.createPartition(
                        r -> r.databaseName(db).tableName("nope").partitionInput(partition("1", "x"))))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> glue.createPartition(r ->
                        r.databaseName(db).tableName("events").partitionInput(p -> p.values("2024", "eu", "extra"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("number of partition keys");
        assertThatThrownBy(() -> glue.getPartition(
                        r -> r.databaseName(db).tableName("events").partitionValues("2024", "eu")))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> glue.createPartition(r ->
                        r.databaseName(db).tableName("events").partitionInput(p -> p.values("2024", "x".repeat(1025)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1024");
        List<PartitionValueList> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(PartitionValueList.builder()
                    .values(Integer.toString(i), "x")
                    .build());
        }
        assertThatThrownBy(() -> glue.batchDeletePartition(
                        r -> r.databaseName(db).tableName("events").partitionsToDelete(tooMany)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("25");
        // A value holding a slash, a comma and non-ASCII characters is one value.
        glue.createPartition(r -> r.databaseName(db).tableName("events").partitionInput(p -> p.values("7", "a/b,c=é")));
        assertThat(glue.getPartition(r -> r.databaseName(db).tableName("events").partitionValues("7", "a/b,c=é"))
                        .partition()
                        .values())
                .containsExactly("7", "a/b,c=é");
    }

    private static List<Partition> expression(String db, String expression) {
        return glue.getPartitions(r -> r.databaseName(db).tableName("events").expression(expression))
                .partitions();
    }

    @Test
    void theAwsCliPrunesPartitionsWithAnExpression() throws Exception {
        String db = partitionedTable();
        glue.batchCreatePartition(r -> r.databaseName(db)
                .tableName("events")
                .partitionInputList(partition("2023", "eu"), partition("2024", "eu"), partition("2024", "us")));
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/aws",
                "glue",
                "get-partitions",
                "--database-name",
                db,
                "--table-name",
                "events",
                "--expression",
                "year = 2024 AND region IN ('us', 'ap')",
                "--endpoint-url",
                FirehoseTestGateway.shared().endpoint().toString(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        java.util.Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIACLIENTDUMMY00001");
        env.put("AWS_SECRET_ACCESS_KEY", "dummy-secret");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        var partitions =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).path("Partitions");
        assertThat(partitions).hasSize(1);
        assertThat(partitions.get(0).path("Values").toString()).isEqualTo("[\"2024\",\"us\"]");
    }
}
