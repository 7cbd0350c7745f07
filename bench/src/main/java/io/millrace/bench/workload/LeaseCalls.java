package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The lease-table calls a KCL worker makes, in the shape its {@code DynamoDBLeaseRefresher} and
 * {@code DynamoDBLeaseSerializer} send them (the legacy {@code Expected} and {@code AttributeUpdates} forms), each
 * timed into the meter of its operation. A refused condition is a normal outcome (another worker won): it is a
 * call with its latency, counted apart.
 */
final class LeaseCalls {

    /** The operations, in the order of the report's rows. */
    enum Op {
        CREATE("create", "one PutItem attribute_not_exists (a new lease)"),
        RENEW("renew", "one UpdateItem leaseCounter+1 if the counter is unchanged"),
        TAKE("take", "one UpdateItem taking a lease if its counter is unchanged"),
        CHECKPOINT("checkpoint", "one UpdateItem of checkpoint and counter if counter and owner are unchanged"),
        GET("get", "one GetItem, ConsistentRead (a taken lease's checkpoint)"),
        SCAN("scan", "one Scan page of the lease table");

        final String row;
        final String latencyOf;

        Op(String row, String latencyOf) {
            this.row = row;
            this.latencyOf = latencyOf;
        }
    }

    static final String KEY = "leaseKey";
    static final String COUNTER = "leaseCounter";
    static final String OWNER = "leaseOwner";
    static final String CHECKPOINT = "checkpoint";

    private final DynamoDbClient client;
    private final String table;
    private final Map<Op, Meter> meters;
    private final Map<Op, LongAdder> refused;

    LeaseCalls(DynamoDbClient client, String table, Map<Op, Meter> meters, Map<Op, LongAdder> refused) {
        this.client = client;
        this.table = table;
        this.meters = meters;
        this.refused = refused;
    }

    /** A lease as the taker's Scan sees it. */
    record Observed(String key, long counter, String owner) {}

    /** {@code createLeaseIfNotExists}: false when the lease is there already. */
    boolean create(String key) {
        return conditional(
                Op.CREATE,
                () -> client.putItem(r -> r.tableName(table)
                        .item(Map.of(
                                KEY,
                                s(key),
                                COUNTER,
                                n(0),
                                CHECKPOINT,
                                s("TRIM_HORIZON"),
                                "checkpointSubSequenceNumber",
                                n(0),
                                "ownerSwitchesSinceCheckpoint",
                                n(0)))
                        .expected(Map.of(
                                KEY,
                                ExpectedAttributeValue.builder().exists(false).build()))));
    }

    /** {@code renewLease}: false when the counter moved (another worker took the lease). */
    boolean renew(String key, long counter) {
        return conditional(
                Op.RENEW,
                () -> client.updateItem(r -> r.tableName(table)
                        .key(Map.of(KEY, s(key)))
                        .expected(Map.of(COUNTER, expect(n(counter))))
                        .attributeUpdates(Map.of(COUNTER, put(n(counter + 1))))));
    }

    /** {@code takeLease}: false when the counter moved since the Scan that found the lease expired. */
    boolean take(String key, long counter, String owner) {
        return conditional(
                Op.TAKE,
                () -> client.updateItem(r -> r.tableName(table)
                        .key(Map.of(KEY, s(key)))
                        .expected(Map.of(COUNTER, expect(n(counter))))
                        .attributeUpdates(Map.of(
                                COUNTER,
                                put(n(counter + 1)),
                                OWNER,
                                put(s(owner)),
                                "ownerSwitchesSinceCheckpoint",
                                AttributeValueUpdate.builder()
                                        .action(AttributeAction.ADD)
                                        .value(n(1))
                                        .build()))));
    }

    /** {@code updateLease} with a new checkpoint: false when counter or owner moved. */
    boolean checkpoint(String key, long counter, String owner, String sequenceNumber) {
        return conditional(
                Op.CHECKPOINT,
                () -> client.updateItem(r -> r.tableName(table)
                        .key(Map.of(KEY, s(key)))
                        .expected(Map.of(COUNTER, expect(n(counter)), OWNER, expect(s(owner))))
                        .attributeUpdates(Map.of(
                                COUNTER,
                                put(n(counter + 1)),
                                CHECKPOINT,
                                put(s(sequenceNumber)),
                                "checkpointSubSequenceNumber",
                                put(n(0)),
                                "ownerSwitchesSinceCheckpoint",
                                put(n(0))))));
    }

    /** {@code getLease}, consistent: the checkpoint a worker starts a taken shard from. */
    void get(String key) {
        timed(
                Op.GET,
                () -> client.getItem(
                        r -> r.tableName(table).key(Map.of(KEY, s(key))).consistentRead(true)));
    }

    /** {@code listLeases}: the whole table, page by page. */
    List<Observed> scan() {
        List<Observed> leases = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page =
                    timed(Op.SCAN, () -> client.scan(r -> r.tableName(table).exclusiveStartKey(from)));
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue owner = item.get(OWNER);
                leases.add(new Observed(
                        item.get(KEY).s(), Long.parseLong(item.get(COUNTER).n()), owner == null ? null : owner.s()));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return leases;
    }

    private boolean conditional(Op op, Runnable call) {
        try {
            timed(op, () -> {
                call.run();
                return null;
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            refused.get(op).increment();
            return false;
        }
    }

    /** Times one call; a refused condition is an answer too, so it counts with its latency. */
    private <T> T timed(Op op, Supplier<T> call) {
        Meter meter = meters.get(op);
        long start = System.nanoTime();
        try {
            T result = call.get();
            meter.latencyNanos(System.nanoTime() - start);
            meter.count(1, 0);
            return result;
        } catch (ConditionalCheckFailedException e) {
            meter.latencyNanos(System.nanoTime() - start);
            meter.count(1, 0);
            throw e;
        } catch (RuntimeException e) {
            meter.error();
            throw e;
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static ExpectedAttributeValue expect(AttributeValue value) {
        return ExpectedAttributeValue.builder().value(value).build();
    }

    private static AttributeValueUpdate put(AttributeValue value) {
        return AttributeValueUpdate.builder()
                .action(AttributeAction.PUT)
                .value(value)
                .build();
    }
}
