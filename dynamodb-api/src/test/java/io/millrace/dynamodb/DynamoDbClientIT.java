package io.millrace.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.dynamodb.testkit.DynamoDbGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The AWS SDK for Java v2's DynamoDbClient (and its enhanced client) against a gateway on an embedded broker. */
class DynamoDbClientIT {

    private static DynamoDbGateway gateway;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        gateway = DynamoDbGateway.start("__millrace_dynamodb_client_it");
        client = gateway.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static void createLeaseTable(String name) {
        client.createTable(CreateTableRequest.builder()
                .tableName(name)
                .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
                .attributeDefinitions(
                        a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("leaseOwner").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("LeaseOwnerToLeaseKeyIndex")
                        .keySchema(
                                k -> k.attributeName("leaseOwner").keyType(KeyType.HASH),
                                k -> k.attributeName("leaseKey").keyType(KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build());
    }

    @Test
    void tableLifecycleAsTheWaiterAndTheKclSeeIt() {
        createLeaseTable("leases-lifecycle");
        client.waiter().waitUntilTableExists(r -> r.tableName("leases-lifecycle"));
        var table = client.describeTable(r -> r.tableName("leases-lifecycle")).table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.globalSecondaryIndexes())
                .singleElement()
                .satisfies(index -> assertThat(index.indexStatusAsString()).isEqualTo("ACTIVE"));
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(client.listTables().tableNames()).contains("leases-lifecycle");

        assertThatThrownBy(() -> createLeaseTable("leases-lifecycle"))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("Table already exists: leases-lifecycle");

        client.tagResource(
                r -> r.resourceArn(table.tableArn()).tags(t -> t.key("app").value("kcl")));
        assertThat(client.listTagsOfResource(r -> r.resourceArn(table.tableArn()))
                        .tags())
                .singleElement()
                .satisfies(tag -> assertThat(tag.value()).isEqualTo("kcl"));
        client.updateContinuousBackups(r -> r.tableName("leases-lifecycle")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        assertThat(client.describeContinuousBackups(r -> r.tableName("leases-lifecycle"))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .pointInTimeRecoveryStatusAsString())
                .isEqualTo("ENABLED");
        assertThat(client.describeTimeToLive(r -> r.tableName("leases-lifecycle"))
                        .timeToLiveDescription()
                        .timeToLiveStatusAsString())
                .isEqualTo("DISABLED");

        client.putItem(r -> r.tableName("leases-lifecycle").item(Map.of("leaseKey", s("a"))));
        client.deleteTable(r -> r.tableName("leases-lifecycle"));
        client.waiter().waitUntilTableNotExists(r -> r.tableName("leases-lifecycle"));
        assertThatThrownBy(() ->
                        client.getItem(r -> r.tableName("leases-lifecycle").key(Map.of("leaseKey", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
        createLeaseTable("leases-lifecycle");
        assertThat(client.getItem(r -> r.tableName("leases-lifecycle")
                                .key(Map.of("leaseKey", s("a")))
                                .consistentRead(true))
                        .hasItem())
                .isFalse();
    }

    @Test
    void conditionalWritesAndUpdateExpressions() {
        createLeaseTable("leases-crud");
        client.putItem(r -> r.tableName("leases-crud")
                .item(Map.of("leaseKey", s("shard-0"), "leaseCounter", n("1"), "checkpoint", s("TRIM_HORIZON")))
                .conditionExpression("attribute_not_exists(leaseKey)"));
        assertThatThrownBy(() -> client.putItem(r -> r.tableName("leases-crud")
                        .item(Map.of("leaseKey", s("shard-0")))
                        .conditionExpression("attribute_not_exists(leaseKey)")))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .hasMessageContaining("The conditional request failed");

        UpdateItemResponse updated = client.updateItem(r -> r.tableName("leases-crud")
                .key(Map.of("leaseKey", s("shard-0")))
                .updateExpression("SET #owner = :owner, leaseCounter = leaseCounter + :one, history ="
                        + " list_append(if_not_exists(history, :empty), :entry) REMOVE checkpoint ADD tags :tag")
                .conditionExpression("leaseCounter = :expected AND begins_with(checkpoint, :trim)")
                .expressionAttributeNames(Map.of("#owner", "leaseOwner"))
                .expressionAttributeValues(Map.of(
                        ":owner",
                        s("worker-1"),
                        ":one",
                        n("1"),
                        ":expected",
                        n("1"),
                        ":trim",
                        s("TRIM"),
                        ":empty",
                        AttributeValue.fromL(List.of()),
                        ":entry",
                        AttributeValue.fromL(List.of(s("worker-1"))),
                        ":tag",
                        AttributeValue.fromSs(List.of("x"))))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(updated.attributes())
                .containsEntry("leaseOwner", s("worker-1"))
                .containsEntry("leaseCounter", n("2"))
                .doesNotContainKey("checkpoint")
                .containsEntry("history", AttributeValue.fromL(List.of(s("worker-1"))));

        // The KCL's own form: Expected and AttributeUpdates.
        client.updateItem(r -> r.tableName("leases-crud")
                .key(Map.of("leaseKey", s("shard-0")))
                .expected(Map.of(
                        "leaseCounter",
                        ExpectedAttributeValue.builder().value(n("2")).build(),
                        "leaseOwner",
                        ExpectedAttributeValue.builder()
                                .comparisonOperator(ComparisonOperator.EQ)
                                .attributeValueList(s("worker-1"))
                                .build()))
                .attributeUpdates(Map.of(
                        "leaseCounter",
                        AttributeValueUpdate.builder()
                                .action(AttributeAction.ADD)
                                .value(n("1"))
                                .build(),
                        "ownerSwitchesSinceCheckpoint",
                        AttributeValueUpdate.builder()
                                .action(AttributeAction.PUT)
                                .value(n("0"))
                                .build())));
        assertThatThrownBy(() -> client.updateItem(r -> r.tableName("leases-crud")
                        .key(Map.of("leaseKey", s("shard-0")))
                        .expected(Map.of(
                                "leaseCounter",
                                ExpectedAttributeValue.builder().value(n("2")).build()))
                        .attributeUpdates(Map.of(
                                "leaseCounter",
                                AttributeValueUpdate.builder()
                                        .action(AttributeAction.ADD)
                                        .value(n("1"))
                                        .build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        GetItemResponse item = client.getItem(r -> r.tableName("leases-crud")
                .key(Map.of("leaseKey", s("shard-0")))
                .consistentRead(true)
                .projectionExpression("leaseCounter, history[0]"));
        assertThat(item.item())
                .isEqualTo(Map.of("leaseCounter", n("3"), "history", AttributeValue.fromL(List.of(s("worker-1")))));

        assertThatThrownBy(() -> client.deleteItem(r -> r.tableName("leases-crud")
                        .key(Map.of("leaseKey", s("shard-0")))
                        .conditionExpression("leaseOwner = :other")
                        .expressionAttributeValues(Map.of(":other", s("worker-2")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        var deleted = client.deleteItem(r -> r.tableName("leases-crud")
                .key(Map.of("leaseKey", s("shard-0")))
                .conditionExpression("leaseOwner = :me")
                .expressionAttributeValues(Map.of(":me", s("worker-1")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(deleted.attributes()).containsEntry("leaseCounter", n("3"));
        assertThat(client.getItem(r -> r.tableName("leases-crud")
                                .key(Map.of("leaseKey", s("shard-0")))
                                .consistentRead(true))
                        .hasItem())
                .isFalse();
    }

    @Test
    void validationErrorsInDynamoDbsWording() {
        createLeaseTable("leases-errors");
        assertThatThrownBy(() ->
                        client.putItem(r -> r.tableName("leases-errors").item(Map.of("other", s("x")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining(
                        "One or more parameter values were invalid: Missing the key leaseKey in the item");
        assertThatThrownBy(() ->
                        client.getItem(r -> r.tableName("leases-errors").key(Map.of("leaseKey", n("1")))))
                .hasMessageContaining("The provided key element does not match the schema");
        assertThatThrownBy(() -> client.updateItem(r -> r.tableName("leases-errors")
                        .key(Map.of("leaseKey", s("a")))
                        .updateExpression("SET a = :v")
                        .expressionAttributeValues(Map.of(":v", s("x"), ":unused", s("y")))))
                .hasMessageContaining(
                        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        assertThatThrownBy(() -> client.updateItem(r -> r.tableName("leases-errors")
                        .key(Map.of("leaseKey", s("a")))
                        .updateExpression("SET a = ")))
                .hasMessageContaining("Invalid UpdateExpression: Syntax error; token: \"<EOF>\"");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName("leases-errors")
                        .item(Map.of("leaseKey", s("a"), "n", n("1234567890123456789012345678901234567890")))))
                .hasMessageContaining("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> client.putItem(r -> r.tableName("leases-errors")
                        .item(Map.of("leaseKey", s("a"), "big", s("x".repeat(410 * 1024))))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
        assertThatThrownBy(() -> client.describeTable(r -> r.tableName("no-such-table")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: no-such-table not found");
        client.putItem(r -> r.tableName("leases-errors")
                .item(Map.of("leaseKey", s("a"), "n", n("12345678901234567890123456789012345678"))));
        assertThat(client.getItem(r -> r.tableName("leases-errors").key(Map.of("leaseKey", s("a"))))
                        .item()
                        .get("n")
                        .n())
                .isEqualTo("12345678901234567890123456789012345678");
    }

    @Test
    void queryScanAndBatchesPage() {
        client.createTable(CreateTableRequest.builder()
                .tableName("events")
                .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                .build());
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s(i < 15 ? "a" : "b"));
            item.put("sk", n(String.valueOf(i)));
            item.put("even", AttributeValue.fromBool(i % 2 == 0));
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
        }
        client.batchWriteItem(r -> r.requestItems(Map.of("events", writes)));

        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(r -> r.tableName("events")
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :lo AND :hi")
                    .filterExpression("even = :yes")
                    .expressionAttributeValues(
                            Map.of(":pk", s("a"), ":lo", n("2"), ":hi", n("11"), ":yes", AttributeValue.fromBool(true)))
                    .limit(3)
                    .exclusiveStartKey(from)
                    .consistentRead(true));
            page.items().forEach(item -> seen.add(item.get("sk").n()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("2", "4", "6", "8", "10");
        assertThat(pages).isGreaterThan(1);

        QueryResponse backwards = client.query(r -> r.tableName("events")
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("b")))
                .scanIndexForward(false));
        assertThat(backwards.items())
                .extracting(item -> item.get("sk").n())
                .containsExactly("19", "18", "17", "16", "15");

        int scanned = 0;
        start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(r -> r.tableName("events").limit(7).exclusiveStartKey(from));
            scanned += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(scanned).isEqualTo(20);

        var batch = client.batchGetItem(r -> r.requestItems(Map.of(
                "events",
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(
                                Map.of("pk", s("a"), "sk", n("1")),
                                Map.of("pk", s("b"), "sk", n("19")),
                                Map.of("pk", s("c"), "sk", n("0")))
                        .build())));
        assertThat(batch.responses().get("events")).hasSize(2);
    }

    @Test
    void indexQueryFindsLeasesByOwner() {
        createLeaseTable("leases-index");
        for (int i = 0; i < 6; i++) {
            String owner = i % 2 == 0 ? "w1" : "w2";
            int shard = i;
            client.putItem(r -> r.tableName("leases-index")
                    .item(Map.of("leaseKey", s("shard-" + shard), "leaseOwner", s(owner), "checkpoint", s("LATEST"))));
        }
        client.putItem(r -> r.tableName("leases-index").item(Map.of("leaseKey", s("unowned"))));
        QueryResponse owned = client.query(r -> r.tableName("leases-index")
                .indexName("LeaseOwnerToLeaseKeyIndex")
                .keyConditionExpression("leaseOwner = :o")
                .expressionAttributeValues(Map.of(":o", s("w1"))));
        assertThat(owned.items())
                .extracting(item -> item.get("leaseKey").s())
                .containsExactly("shard-0", "shard-2", "shard-4");
        assertThat(owned.items().get(0)).doesNotContainKey("checkpoint");
        assertThat(client.scan(r -> r.tableName("leases-index").indexName("LeaseOwnerToLeaseKeyIndex"))
                        .count())
                .isEqualTo(6);
    }

    /**
     * What the KCL 3.x does to a lease table made by KCL 2.x: UpdateTable adds the lease-owner index (and the table
     * moves to on-demand); the items already there are found through it. Every attribute type reads back as written.
     */
    @Test
    void updateTableAddsAnIndexOverTheItemsAndEveryAttributeTypeReadsBack() {
        client.createTable(r -> r.tableName("leases-migrated")
                .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(10L)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("leaseKey", s("shardId-000000000001"));
        item.put("leaseOwner", s("worker-1"));
        item.put("leaseCounter", n("12345678901234567890123456789012345678"));
        item.put("checkpointBytes", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})));
        item.put("ownerSwitchesSinceCheckpoint", AttributeValue.fromBool(false));
        item.put("pendingCheckpoint", AttributeValue.fromNul(true));
        item.put("parentShardId", AttributeValue.fromSs(List.of("shardId-000000000000")));
        item.put("hashRange", AttributeValue.fromNs(List.of("-2.5")));
        item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("b"))));
        item.put("history", AttributeValue.fromL(List.of(s("worker-0"), n("2"))));
        item.put(
                "metrics", AttributeValue.fromM(Map.of("cpu", n("0.25"), "tags", AttributeValue.fromSs(List.of("a")))));
        client.putItem(r -> r.tableName("leases-migrated").item(item));
        assertThat(client.getItem(r -> r.tableName("leases-migrated")
                                .key(Map.of("leaseKey", s("shardId-000000000001")))
                                .consistentRead(true))
                        .item())
                .isEqualTo(item);

        client.updateTable(r -> r.tableName("leases-migrated")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("leaseOwner").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("LeaseOwnerToLeaseKeyIndex")
                        .keySchema(
                                k -> k.attributeName("leaseOwner").keyType(KeyType.HASH),
                                k -> k.attributeName("leaseKey").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
        client.waiter().waitUntilTableExists(r -> r.tableName("leases-migrated"));
        var table = client.describeTable(r -> r.tableName("leases-migrated")).table();
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("LeaseOwnerToLeaseKeyIndex");
            assertThat(index.indexStatusAsString()).isEqualTo("ACTIVE");
        });
        assertThat(client.query(r -> r.tableName("leases-migrated")
                                .indexName("LeaseOwnerToLeaseKeyIndex")
                                .keyConditionExpression("leaseOwner = :o")
                                .expressionAttributeValues(Map.of(":o", s("worker-1"))))
                        .items())
                .containsExactly(Map.of("leaseKey", s("shardId-000000000001"), "leaseOwner", s("worker-1")));
        client.deleteTable(r -> r.tableName("leases-migrated"));
    }

    @DynamoDbBean
    public static class Order {
        private String id;
        private Integer total;

        @DynamoDbPartitionKey
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public Integer getTotal() {
            return total;
        }

        public void setTotal(Integer total) {
            this.total = total;
        }
    }

    @Test
    void enhancedClientMapsBeans() {
        DynamoDbEnhancedClient enhanced =
                DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        DynamoDbTable<Order> orders = enhanced.table("orders", TableSchema.fromBean(Order.class));
        orders.createTable();
        Order order = new Order();
        order.setId("o-1");
        order.setTotal(42);
        orders.putItem(order);
        assertThat(orders.getItem(Key.builder().partitionValue("o-1").build()).getTotal())
                .isEqualTo(42);
        order.setTotal(43);
        orders.updateItem(order);
        assertThat(orders.query(QueryConditional.keyEqualTo(k -> k.partitionValue("o-1"))).items().stream()
                        .map(Order::getTotal)
                        .toList())
                .containsExactly(43);
        orders.deleteItem(order);
        assertThat(orders.scan().items().stream().count()).isZero();
    }
}
