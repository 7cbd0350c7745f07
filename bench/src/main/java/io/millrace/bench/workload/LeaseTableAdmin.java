package io.millrace.bench.workload;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Creates and deletes the lease table, as the KCL creates its own: a string hash key, on-demand billing. */
public final class LeaseTableAdmin {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);
    private final DynamoDbClient client;

    public LeaseTableAdmin(DynamoDbClient client) {
        this.client = client;
    }

    public void createAndWait(String table) {
        client.createTable(r -> r.tableName(table)
                .keySchema(k -> k.attributeName(LeaseCalls.KEY).keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName(LeaseCalls.KEY).attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (client.describeTable(r -> r.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("Table " + table + " not ACTIVE after " + ACTIVE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("Interrupted while waiting for table " + table);
            }
        }
    }

    /** @return null when deleted, else why not (a warning for the report) */
    public String delete(String table) {
        try {
            client.deleteTable(r -> r.tableName(table));
            return null;
        } catch (SdkException e) {
            return "table " + table + " not deleted: " + e.getMessage();
        }
    }
}
