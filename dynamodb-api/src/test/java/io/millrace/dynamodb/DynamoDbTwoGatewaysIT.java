package io.millrace.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.dynamodb.testkit.DynamoDbGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Two gateways serving the same tables from one topic: conditional writes race and the first in the log wins. */
class DynamoDbTwoGatewaysIT {

    private static final String TOPIC = "__millrace_dynamodb_two_gateways_it";
    private static DynamoDbGateway first;
    private static DynamoDbGateway second;
    private static DynamoDbClient a;
    private static DynamoDbClient b;

    @BeforeAll
    static void start() {
        first = DynamoDbGateway.start(TOPIC);
        second = DynamoDbGateway.start(TOPIC);
        a = first.client();
        b = second.client();
        a.createTable(r -> r.tableName("race")
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        second.close();
        first.close();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void aWriteAcknowledgedOnOneGatewayIsReadOnTheOther() {
        // The table was created through the first gateway only.
        for (int i = 0; i < 20; i++) {
            String id = "rw-" + i;
            (i % 2 == 0 ? a : b).putItem(r -> r.tableName("race").item(Map.of("id", s(id), "v", s(id))));
            var read = (i % 2 == 0 ? b : a)
                    .getItem(r -> r.tableName("race").key(Map.of("id", s(id))).consistentRead(true));
            assertThat(read.item()).containsEntry("v", s(id));
        }
    }

    @Test
    void ofRacingConditionalCreatesExactlyOneWins() throws Exception {
        int writers = 8;
        for (int round = 0; round < 5; round++) {
            String key = "lease-" + round;
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger won = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                DynamoDbClient client = w % 2 == 0 ? a : b;
                String owner = "worker-" + w;
                done.add(threads.submit(() -> {
                    go.await();
                    try {
                        client.putItem(r -> r.tableName("race")
                                .item(Map.of("id", s(key), "owner", s(owner)))
                                .conditionExpression("attribute_not_exists(id)"));
                        won.incrementAndGet();
                    } catch (ConditionalCheckFailedException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            assertThat(won.get()).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(writers - 1);
            assertThat(a.getItem(r -> r.tableName("race")
                                    .key(Map.of("id", s(key)))
                                    .consistentRead(true))
                            .item())
                    .isEqualTo(b.getItem(r -> r.tableName("race")
                                    .key(Map.of("id", s(key)))
                                    .consistentRead(true))
                            .item());
        }
    }

    /** The KCL's lease counter pattern: read, then write only if the counter is still the one read. */
    @Test
    void optimisticCounterIncrementsAreNeitherLostNorDoubled() throws Exception {
        a.putItem(r -> r.tableName("race").item(Map.of("id", s("counter"), "n", AttributeValue.fromN("0"))));
        int writers = 6;
        int increments = 15;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            DynamoDbClient client = w % 2 == 0 ? a : b;
            done.add(threads.submit(() -> {
                int mine = 0;
                while (mine < increments) {
                    String current = client.getItem(r -> r.tableName("race")
                                    .key(Map.of("id", s("counter")))
                                    .consistentRead(true))
                            .item()
                            .get("n")
                            .n();
                    try {
                        client.updateItem(r -> r.tableName("race")
                                .key(Map.of("id", s("counter")))
                                .updateExpression("SET n = n + :one")
                                .conditionExpression("n = :seen")
                                .expressionAttributeValues(Map.of(
                                        ":one", AttributeValue.fromN("1"), ":seen", AttributeValue.fromN(current))));
                        mine++;
                    } catch (ConditionalCheckFailedException e) {
                        // another writer got there first: read again
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        assertThat(b.getItem(r -> r.tableName("race")
                                .key(Map.of("id", s("counter")))
                                .consistentRead(true))
                        .item()
                        .get("n")
                        .n())
                .isEqualTo(String.valueOf(writers * increments));
    }
}
