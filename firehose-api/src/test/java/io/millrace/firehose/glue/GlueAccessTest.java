package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Glue checks each call on the catalog, the database and the table, as AWS's Glue developer guide says. */
class GlueAccessTest {

    private static final String BASE = "arn:aws:glue:eu-west-1:123456789012:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActionRegistry registry = GlueApi.actions(null);

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        assertThat(registry.actionNames()).hasSizeGreaterThan(5);
        assertThat(GlueAccess.mappedActions()).containsAll(registry.actionNames());
        for (String action : registry.actionNames()) {
            assertThat(new GlueAccess().accessOf(request(action, "{}")))
                    .as(action)
                    .isNotNull();
        }
    }

    @Test
    void getTableNeedsTheCatalogTheDatabaseAndTheTable() throws Exception {
        assertThat(registry.access(request("GetTable", "{\"DatabaseName\":\"sales\",\"Name\":\"orders\"}")))
                .containsExactly(
                        AccessRequest.of("glue:GetTable", BASE + "catalog"),
                        AccessRequest.of("glue:GetTable", BASE + "database/sales"),
                        AccessRequest.of("glue:GetTable", BASE + "table/sales/orders"));
    }

    @Test
    void tableInputNamesTheTableOfCreateAndUpdate() throws Exception {
        assertThat(registry.access(
                        request("CreateTable", "{\"DatabaseName\":\"sales\",\"TableInput\":{\"Name\":\"orders\"}}")))
                .extracting(AccessRequest::resource)
                .containsExactly(BASE + "catalog", BASE + "database/sales", BASE + "table/sales/orders");
    }

    @Test
    void listingsNeedEveryItemTheyList() throws Exception {
        assertThat(registry.access(request("GetTables", "{\"DatabaseName\":\"sales\"}")))
                .extracting(AccessRequest::resource)
                .containsExactly(BASE + "catalog", BASE + "database/sales", BASE + "table/sales/*");
        assertThat(registry.access(request("GetDatabases", "{}")))
                .extracting(AccessRequest::resource)
                .containsExactly(BASE + "catalog", BASE + "database/*");
        assertThat(registry.access(request("DeleteDatabase", "{\"Name\":\"sales\"}")))
                .extracting(AccessRequest::resource)
                .containsExactly(
                        BASE + "catalog",
                        BASE + "database/sales",
                        BASE + "table/sales/*",
                        BASE + "userDefinedFunction/sales/*");
    }

    @Test
    void partitionsVersionsAndStatisticsAreCheckedOnTheirTable() throws Exception {
        for (String action : new String[] {
            "GetPartitions", "BatchCreatePartition", "GetTableVersions", "UpdateColumnStatisticsForPartition"
        }) {
            assertThat(registry.access(request(action, "{\"DatabaseName\":\"sales\",\"TableName\":\"orders\"}")))
                    .as(action)
                    .extracting(AccessRequest::resource)
                    .containsExactly(BASE + "catalog", BASE + "database/sales", BASE + "table/sales/orders");
        }
        assertThat(registry.access(
                        request("BatchDeleteTable", "{\"DatabaseName\":\"sales\",\"TablesToDelete\":[\"a\",\"b\"]}")))
                .extracting(AccessRequest::resource)
                .containsExactly(
                        BASE + "catalog", BASE + "database/sales", BASE + "table/sales/a", BASE + "table/sales/b");
        assertThat(registry.access(request("TagResource", "{\"ResourceArn\":\"" + BASE + "database/sales\"}")))
                .containsExactly(AccessRequest.of("glue:TagResource", BASE + "database/sales"));
    }

    @Test
    void catalogIdNamesTheCatalogsAccount() throws Exception {
        assertThat(registry.access(request("GetDatabase", "{\"CatalogId\":\"210987654321\",\"Name\":\"sales\"}")))
                .containsExactly(
                        AccessRequest.of("glue:GetDatabase", "arn:aws:glue:eu-west-1:210987654321:catalog"),
                        AccessRequest.of("glue:GetDatabase", "arn:aws:glue:eu-west-1:210987654321:database/sales"));
    }

    @Test
    void aRequestWithoutNamesIsOnTheCatalogOnly() throws Exception {
        assertThat(registry.access(request("GetTable", "{}")))
                .containsExactly(AccessRequest.of("glue:GetTable", BASE + "catalog"));
    }

    private static AwsRequest request(String action, String body) throws Exception {
        return new AwsRequest(
                GlueApi.TARGET_PREFIX,
                action,
                JSON.readTree(body),
                WireFormat.JSON,
                "eu-west-1",
                "123456789012",
                Instant.now());
    }
}
