package io.millrace.kinesis.storage;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * How many copies a stream topic keeps and how many must have a record before PutRecord answers. A cluster of three
 * or more brokers gets 3 and 2, so losing any one broker loses no acknowledged record and stops no writer (Kafka's
 * own advice for durable topics); one broker keeps 1 and 1, two keep 2 and 1 so either may fail.
 *
 * @param factor replication factor of new stream topics
 * @param minInsyncReplicas {@code min.insync.replicas} of new stream topics
 */
public record TopicReplication(short factor, int minInsyncReplicas) {

    /** The broker count the configured values are resolved against. */
    public static TopicReplication resolve(Admin admin, short configuredFactor, int configuredMinInsync)
            throws Exception {
        if (configuredFactor > 0 && configuredMinInsync > 0) {
            return new TopicReplication(configuredFactor, configuredMinInsync);
        }
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        return of(brokers, configuredFactor, configuredMinInsync);
    }

    /** -1 for either value means its default for {@code brokers} live brokers. */
    public static TopicReplication of(int brokers, short configuredFactor, int configuredMinInsync) {
        short factor = configuredFactor > 0 ? configuredFactor : (short) Math.max(1, Math.min(3, brokers));
        int minInsync = configuredMinInsync > 0 ? configuredMinInsync : factor >= 3 ? 2 : 1;
        return new TopicReplication(factor, minInsync);
    }
}
