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

    @Test
    void updateDatabaseReplacesItsDefinitionButNotItsNameOrCreateTime() {
        String db = TestStack.unique("upd");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db).description("v1")));
        Database before = glue.getDatabase(r -> r.name(db)).database();
        glue.updateDatabase(r -> r.name(db)
                .databaseInput(d -> d.name(db).description("v2").parameters(java.util.Map.of("owner", "lake"))));
        Database after = glue.getDatabase(r -> r.name(db)).database();
        assertThat(after.description()).isEqualTo("v2");
        assertThat(after.parameters()).containsEntry("owner", "lake");
        assertThat(after.createTime()).isEqualTo(before.createTime());
        assertThatThrownBy(() -> glue.updateDatabase(r -> r.name(db).databaseInput(d -> d.name(db + "x"))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(
                        () -> glue.updateDatabase(r -> r.name("no_such_db").databaseInput(d -> d.name("no_such_db"))))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void batchDeleteTableReportsTheTablesItCouldNotDelete() {
        String db = TestStack.unique("batch");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)));
        glue.createTable(r -> r.databaseName(db).tableInput(table("a", "x int")));
        glue.createTable(r -> r.databaseName(db).tableInput(table("b", "x int")));
        var response = glue.batchDeleteTable(r -> r.databaseName(db).tablesToDelete("a", "B", "c"));
        assertThat(response.errors())
                .extracting(e -> e.tableName(), e -> e.errorDetail().errorCode())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("c", "EntityNotFoundException"));
        assertThat(glue.getTables(r -> r.databaseName(db)).tableList()).isEmpty();
    }

    @Test
    void searchTablesFindsTablesOfEveryDatabaseByTextAndProperty() {
        String prefix = TestStack.unique("search");
        for (String suffix : List.of("a", "b")) {
            glue.createDatabase(r -> r.databaseInput(d -> d.name(prefix + suffix)));
        }
        glue.createTable(r -> r.databaseName(prefix + "a")
                .tableInput(table("customer-link", "id bigint").toBuilder()
                        .parameters(java.util.Map.of("classification", "parquet"))
                        .build()));
        glue.createTable(r -> r.databaseName(prefix + "b").tableInput(table("xx-link-yy", "id bigint")));
        glue.createTable(r -> r.databaseName(prefix + "b").tableInput(table("xxlinkyy", "id bigint")));

        List<Table> byName = glue
                .searchTables(r -> r.filters(f -> f.key("Name").value("link"))
                        .sortCriteria(s -> s.fieldName("Name").sort("DESC")))
                .tableList()
                .stream()
                .filter(t -> t.databaseName().startsWith(prefix))
                .toList();
        assertThat(byName)
                .as("tokens of the name compared whole, as Glue's reference says")
                .extracting(Table::name)
                .containsExactly("xx-link-yy", "customer-link");
        assertThat(glue.searchTables(r -> r.searchText("XXLINK")).tableList())
                .extracting(Table::name)
                .contains("xxlinkyy");
        assertThat(glue.searchTables(r -> r.filters(f -> f.key("classification").value("parquet")))
                        .tableList())
                .extracting(Table::databaseName)
                .contains(prefix + "a")
                .doesNotContain(prefix + "b");
        assertThat(glue.searchTables(r -> r.filters(f -> f.key("DatabaseName").value(prefix + "b")))
                        .tableList())
                .extracting(Table::name)
                .containsExactlyInAnyOrder("xx-link-yy", "xxlinkyy");
    }

    @Test
    void databasesAndTablesAreTaggedAndTheirTagsGoWithThem() {
        String db = TestStack.unique("tags");
        glue.createDatabase(r -> r.databaseInput(d -> d.name(db)).tags(java.util.Map.of("team", "lake")));
        String arn = "arn:aws:glue:us-east-1:000000000000:database/" + db;
        assertThat(glue.getTags(r -> r.resourceArn(arn)).tags()).containsExactly(java.util.Map.entry("team", "lake"));
        glue.tagResource(r -> r.resourceArn(arn).tagsToAdd(java.util.Map.of("env", "test", "team", "data")));
        glue.untagResource(r -> r.resourceArn(arn).tagsToRemove("env"));
        assertThat(glue.getTags(r -> r.resourceArn(arn)).tags()).containsExactly(java.util.Map.entry("team", "data"));

        glue.createTable(r -> r.databaseName(db).tableInput(table("t", "a int")));
        String tableArn = "arn:aws:glue:us-east-1:000000000000:table/" + db + "/t";
        glue.tagResource(r -> r.resourceArn(tableArn).tagsToAdd(java.util.Map.of("pii", "no")));
        assertThat(glue.getTags(r -> r.resourceArn(tableArn)).tags()).containsEntry("pii", "no");
        assertThatThrownBy(
                        () -> glue.tagResource(r -> r.resourceArn(tableArn).tagsToAdd(java.util.Map.of("aws:x", "y"))))
                .isInstanceOf(InvalidInputException.class);

        glue.deleteTable(r -> r.databaseName(db).name("t"));
        glue.createTable(r -> r.databaseName(db).tableInput(table("t", "a int")));
        assertThat(glue.getTags(r -> r.resourceArn(tableArn)).tags())
                .as("a table made again under the same name starts without tags")
                .isEmpty();
        glue.deleteDatabase(r -> r.name(db));
        assertThatThrownBy(() -> glue.getTags(r -> r.resourceArn(arn))).isInstanceOf(EntityNotFoundException.class);
    }
}
