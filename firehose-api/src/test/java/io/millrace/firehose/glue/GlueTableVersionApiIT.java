package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.it.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.TableVersion;

/**
 * Table versions and the optimistic locking on VersionId that Iceberg's GlueCatalog commits rely on: an UpdateTable
 * naming the version it read wins only if nobody updated the table since.
 */
class GlueTableVersionApiIT {

    private static GlueClient glue;

    @BeforeAll
    static void start() {
        glue = FirehoseTestGateway.shared().glue();
    }

    private static TableInput iceberg(String metadataLocation) {
        return TableInput.builder()
                .name("orders")
                .tableType("EXTERNAL_TABLE")
                .parameters(Map.of("table_type", "ICEBERG", "metadata_location", metadataLocation))
                .build();
    }

    private static String table() {
        String db = TestStack.unique("versions");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
        glue.createTable(r -> r.databaseName(db).tableInput(iceberg("s3://lake/orders/metadata/00000.json")));
        return db;
    }

    private static String metadataLocation(TableVersion version) {
        return version.table().parameters().get("metadata_location");
    }

    @Test
    void updatesArchiveTheVersionTheyReplaceUnlessSkipArchive() {
        String db = table();
        glue.updateTable(r -> r.databaseName(db).versionId("0").tableInput(iceberg("s3://lake/1.json")));
        glue.updateTable(
                r -> r.databaseName(db).versionId("1").skipArchive(true).tableInput(iceberg("s3://lake/2.json")));
        glue.updateTable(r -> r.databaseName(db).tableInput(iceberg("s3://lake/3.json")));

        List<TableVersion> versions = glue.getTableVersions(
                        r -> r.databaseName(db).tableName("orders"))
                .tableVersions();
        assertThat(versions)
                .as("newest first; version 1 was replaced with SkipArchive, so it is not kept")
                .extracting(TableVersion::versionId)
                .containsExactly("3", "2", "0");
        assertThat(metadataLocation(versions.get(0))).isEqualTo("s3://lake/3.json");
        assertThat(metadataLocation(versions.get(2))).isEqualTo("s3://lake/orders/metadata/00000.json");

        TableVersion current = glue.getTableVersion(r -> r.databaseName(db).tableName("orders"))
                .tableVersion();
        assertThat(current.versionId()).isEqualTo("3");
        assertThat(metadataLocation(glue.getTableVersion(
                                r -> r.databaseName(db).tableName("orders").versionId("2"))
                        .tableVersion()))
                .isEqualTo("s3://lake/2.json");
        assertThatThrownBy(() -> glue.getTableVersion(
                        r -> r.databaseName(db).tableName("orders").versionId("1")))
                .isInstanceOf(EntityNotFoundException.class);

        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = glue.getTableVersions(
                    r -> r.databaseName(db).tableName("orders").maxResults(2).nextToken(next));
            page.tableVersions().forEach(v -> paged.add(v.versionId()));
            token = page.nextToken();
        } while (token != null);
        assertThat(paged).containsExactly("3", "2", "0");

        assertThatThrownBy(() -> glue.deleteTableVersion(
                        r -> r.databaseName(db).tableName("orders").versionId("3")))
                .as("the current version stays")
                .isInstanceOf(InvalidInputException.class);
        glue.deleteTableVersion(r -> r.databaseName(db).tableName("orders").versionId("2"));
        assertThat(glue.batchDeleteTableVersion(
                                r -> r.databaseName(db).tableName("orders").versionIds("0", "7"))
                        .errors())
                .extracting(e -> e.versionId(), e -> e.errorDetail().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("7", "EntityNotFoundException"));
        assertThat(glue.getTableVersions(r -> r.databaseName(db).tableName("orders"))
                        .tableVersions())
                .extracting(TableVersion::versionId)
                .containsExactly("3");
    }

    @Test
    void ofConcurrentUpdatesFromTheSameVersionExactlyOneWins() throws Exception {
        String db = table();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String location = "s3://lake/writer-" + i + ".json";
                outcomes.add(pool.submit(() -> {
                    try {
                        glue.updateTable(r -> r.databaseName(db).versionId("0").tableInput(iceberg(location)));
                        return true;
                    } catch (ConcurrentModificationException lost) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        var table = glue.getTable(r -> r.databaseName(db).name("orders")).table();
        assertThat(table.versionId()).isEqualTo("1");
        assertThat(table.parameters().get("metadata_location")).startsWith("s3://lake/writer-");
    }
}
