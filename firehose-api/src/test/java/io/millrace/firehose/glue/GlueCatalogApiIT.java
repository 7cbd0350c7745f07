package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.it.TestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabasesResponse;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The Glue Data Catalog subset through the SDK's GlueClient, on the gateway next to Firehose. */
class GlueCatalogApiIT {

    private static GlueClient glue;

    @BeforeAll
    static void start() {
        glue = FirehoseTestGateway.shared().glue();
    }

    private static TableInput table(String name, String... columns) {
        List<Column> list = new ArrayList<>();
        for (String c : columns) {
            String[] nameType = c.split(" ", 2);
            list.add(Column.builder().name(nameType[0]).type(nameType[1]).build());
        }
        return TableInput.builder()
                .name(name)
                .tableType("EXTERNAL_TABLE")
                .storageDescriptor(sd -> sd.columns(list).location("s3://bucket/events/"))
                .build();
    }

    @Test
    void databasesAndTablesAreCreatedReadUpdatedAndDeleted() {
        String db = TestStack.unique("Sales");
        Instant before = Instant.now().minusSeconds(1);
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db).description("orders")));

        Database database = glue.getDatabase(r -> r.name(db)).database();
        assertThat(database.name()).as("Glue folds names to lower case").isEqualTo(db.toLowerCase());
        assertThat(database.description()).isEqualTo("orders");
        assertThat(database.createTime()).isAfter(before);
        assertThat(database.catalogId()).isEqualTo("000000000000");

        glue.createTable(r -> r.databaseName(db).tableInput(table("Orders", "id bigint", "item string")));
        Table created = glue.getTable(r -> r.databaseName(db).name("orders")).table();
        assertThat(created.name()).isEqualTo("orders");
        assertThat(created.databaseName()).isEqualTo(db.toLowerCase());
        assertThat(created.storageDescriptor().columns())
                .extracting(Column::name, Column::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", "bigint"),
                        org.assertj.core.groups.Tuple.tuple("item", "string"));
        // As AWS numbers them: a new table is version 0, each update adds one.
        assertThat(created.versionId()).isEqualTo("0");
        assertThat(created.tableType()).isEqualTo("EXTERNAL_TABLE");

        glue.updateTable(r -> r.databaseName(db)
                .versionId("0")
                .tableInput(table("orders", "id bigint", "item string", "price decimal(10,2)")));
        Table updated = glue.getTable(r -> r.databaseName(db).name("orders")).table();
        assertThat(updated.versionId()).isEqualTo("1");
        assertThat(updated.storageDescriptor().columns()).hasSize(3);
        assertThat(updated.createTime()).isEqualTo(created.createTime());
        assertThatThrownBy(() -> glue.updateTable(
                        r -> r.databaseName(db).versionId("0").tableInput(table("orders", "id bigint"))))
                .isInstanceOf(ConcurrentModificationException.class);

        glue.createTable(r -> r.databaseName(db).tableInput(table("returns", "id bigint")));
        assertThat(glue.getTables(r -> r.databaseName(db)).tableList())
                .extracting(Table::name)
                .containsExactly("orders", "returns");
        assertThat(glue.getTables(r -> r.databaseName(db).expression("ret.*")).tableList())
                .extracting(Table::name)
                .containsExactly("returns");

        glue.deleteTable(r -> r.databaseName(db).name("returns"));
        assertThatThrownBy(() -> glue.getTable(r -> r.databaseName(db).name("returns")))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("returns");

        glue.deleteDatabase(r -> r.name(db));
        assertThatThrownBy(() -> glue.getDatabase(r -> r.name(db))).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> glue.getTable(r -> r.databaseName(db).name("orders")))
                .as("a deleted database takes its tables")
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void awsErrorsForDuplicatesMissingEntitiesAndBadInput() {
        String db = TestStack.unique("errors");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
        assertThatThrownBy(() -> glue.createDatabase(r -> r.databaseInput(d -> d.name(db))))
                .isInstanceOf(AlreadyExistsException.class);
        glue.createTable(r -> r.databaseName(db).tableInput(table("t", "a int")));
        assertThatThrownBy(() -> glue.createTable(r -> r.databaseName(db).tableInput(table("T", "a int"))))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(
                        () -> glue.createTable(r -> r.databaseName("no_such_db").tableInput(table("t", "a int"))))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("no_such_db");
        assertThatThrownBy(() -> glue.deleteTable(r -> r.databaseName(db).name("nope")))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> glue.getDatabase(r -> r.name("x".repeat(256))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("less than or equal to 255");
        assertThatThrownBy(() -> glue.getDatabases(r -> r.maxResults(101))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void getDatabasesPagesAndASecondGatewaySeesTheSameCatalog() throws Exception {
        String prefix = TestStack.unique("pages");
        for (int i = 0; i < 3; i++) {
            String name = prefix + "-" + i;
            glue.createDatabase(r -> r.databaseInput(d -> d.name(name)));
        }
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetDatabasesResponse page = glue.getDatabases(r -> r.maxResults(2).nextToken(next));
            assertThat(page.databaseList()).hasSizeLessThanOrEqualTo(2);
            page.databaseList().forEach(d -> names.add(d.name()));
            token = page.nextToken();
        } while (token != null);
        assertThat(names).contains(prefix + "-0", prefix + "-1", prefix + "-2").doesNotHaveDuplicates();

        try (FirehoseTestGateway second = FirehoseTestGateway.start()) {
            assertThat(second.glue()
                            .getDatabase(r -> r.name(prefix + "-1"))
                            .database()
                            .name())
                    .isEqualTo(prefix + "-1");
        }
    }
}
