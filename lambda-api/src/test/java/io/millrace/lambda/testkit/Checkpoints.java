package io.millrace.lambda.testkit;

import io.millrace.testkit.EmbeddedKafka;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/** A mapping's checkpoints as its consumer group holds them. */
public final class Checkpoints {

    private Checkpoints() {}

    /** The committed offsets of the mapping's group summed over its shards: the records behind its checkpoints. */
    public static long behind(String mappingUuid) throws Exception {
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()))) {
            return admin
                    .listConsumerGroupOffsets("millrace-lambda-" + mappingUuid)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }
}
