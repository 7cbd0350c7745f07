package io.millrace.dynamodb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every DynamoDB action is authorized on the tables and indexes it names, as AWS's reference lists it. */
class DynamoDbAccessTest {

    private static final String TABLES = "arn:aws:dynamodb:eu-west-1:123456789012:table/";
    private static final ObjectMapper JSON = new ObjectMapper();

    // The real registry: the actions only keep what they are given until they serve a call.
    private final ActionRegistry registry = DynamoDbApi.actions(null, null, Runnable::run);

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        assertThat(registry.actionNames()).hasSizeGreaterThan(15);
        assertThat(DynamoDbAccess.mappedActions()).containsAll(registry.actionNames());
        for (String action : registry.actionNames()) {
            assertThat(new DynamoDbAccess().accessOf(request(action, "{}")))
                    .as(action)
                    .isNotNull();
        }
    }

    @Test
    void itemAndTableActionsNeedTheirPermissionOnTheTable() throws Exception {
        for (String action : List.of("GetItem", "UpdateItem", "DescribeTable", "UpdateTimeToLive")) {
            assertThat(registry.access(request(action, "{\"TableName\":\"orders\"}")))
                    .containsExactly(AccessRequest.of("dynamodb:" + action, TABLES + "orders"));
        }
    }

    @Test
    void aTableArnInTableNameIsTakenAsGiven() throws Exception {
        String arn = "arn:aws:dynamodb:us-east-2:210987654321:table/orders";
        assertThat(registry.access(request("PutItem", "{\"TableName\":\"" + arn + "\"}")))
                .containsExactly(AccessRequest.of("dynamodb:PutItem", arn));
    }

    @Test
    void queryAndScanOfAnIndexAreOnTheIndex() throws Exception {
        assertThat(registry.access(request("Query", "{\"TableName\":\"orders\",\"IndexName\":\"byCustomer\"}")))
                .containsExactly(AccessRequest.of("dynamodb:Query", TABLES + "orders/index/byCustomer"));
        assertThat(registry.access(request("Scan", "{\"TableName\":\"orders\"}")))
                .containsExactly(AccessRequest.of("dynamodb:Scan", TABLES + "orders"));
    }

    @Test
    void batchesNeedTheirPermissionOnEachTable() throws Exception {
        assertThat(registry.access(request("BatchWriteItem", "{\"RequestItems\":{\"orders\":[],\"customers\":[]}}")))
                .containsExactly(
                        AccessRequest.of("dynamodb:BatchWriteItem", TABLES + "orders"),
                        AccessRequest.of("dynamodb:BatchWriteItem", TABLES + "customers"));
        assertThat(registry.access(request("BatchGetItem", "{\"RequestItems\":{\"orders\":{}}}")))
                .containsExactly(AccessRequest.of("dynamodb:BatchGetItem", TABLES + "orders"));
    }

    @Test
    void tagsAreOnTheResourceArnAndListingsOnAnyResource() throws Exception {
        assertThat(registry.access(request("ListTagsOfResource", "{\"ResourceArn\":\"" + TABLES + "orders\"}")))
                .containsExactly(AccessRequest.of("dynamodb:ListTagsOfResource", TABLES + "orders"));
        assertThat(registry.access(request("ListTables", "{}")))
                .containsExactly(AccessRequest.of("dynamodb:ListTables", "*"));
        assertThat(registry.access(request("BatchGetItem", "{}")))
                .containsExactly(AccessRequest.of("dynamodb:BatchGetItem", "*"));
    }

    private static AwsRequest request(String action, String body) throws Exception {
        return new AwsRequest(
                DynamoDbApi.TARGET_PREFIX,
                action,
                JSON.readTree(body),
                WireFormat.JSON,
                "eu-west-1",
                "123456789012",
                Instant.now());
    }
}
