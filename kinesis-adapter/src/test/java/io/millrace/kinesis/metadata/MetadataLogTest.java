package io.millrace.kinesis.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The compare-and-set rules every gateway applies to the metadata log, record by record. */
class MetadataLogTest {

    private static StreamMetadata stream(String incarnation, long version, StreamStatus status) {
        return StreamMetadata.newBuilder().setName("orders").setIncarnation(incarnation).setVersion(version)
                .setStatus(status).setTopic("orders").setCreatedAtMillis(1000).setShards(List.of(
                        ShardMetadata.newBuilder().setIndex(0).setStartingHashKey("0").setEndingHashKey("9")
                                .setCreatedAtMillis(1000).build()))
                .build();
    }

    private static boolean apply(MetadataLog log, StreamMetadata value) {
        return log.apply("stream/orders", MetadataLog.encode(value), new RecordHeaders());
    }

    private static boolean tombstone(MetadataLog log, String incarnation) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MetadataLog.INCARNATION_HEADER, incarnation.getBytes(StandardCharsets.UTF_8));
        return log.apply("stream/orders", null, headers);
    }

    @Test
    void appliesOnlyTheNextVersionOfTheSameIncarnation() {
        MetadataLog log = new MetadataLog();
        assertThat(apply(log, stream("a", 1, StreamStatus.CREATING))).isTrue();
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isTrue();
        // A writer that read version 1 and lost the race: ignored, and the key is marked for repair.
        assertThat(apply(log, stream("a", 2, StreamStatus.DELETING))).isFalse();
        assertThat(log.stream("orders").orElseThrow().getStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(log.keysToRepair()).containsExactly("stream/orders");
        // A concurrent CreateStream of another incarnation loses too.
        assertThat(apply(log, stream("b", 1, StreamStatus.CREATING))).isFalse();
        assertThat(log.stream("orders").orElseThrow().getIncarnation()).isEqualTo("a");
        // Re-publishing the current state (the repair) is accepted and clears the mark.
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isTrue();
        assertThat(log.keysToRepair()).isEmpty();
    }

    @Test
    void aTombstoneRemovesOnlyTheIncarnationItNames() {
        MetadataLog log = new MetadataLog();
        apply(log, stream("a", 1, StreamStatus.ACTIVE));
        assertThat(tombstone(log, "other")).isFalse();
        assertThat(log.stream("orders")).isPresent();
        assertThat(tombstone(log, "a")).isTrue();
        assertThat(log.stream("orders")).isEmpty();
        // A late update to the deleted incarnation must not bring it back.
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isFalse();
        assertThat(log.stream("orders")).isEmpty();
        // A new incarnation may take the name.
        assertThat(apply(log, stream("c", 1, StreamStatus.CREATING))).isTrue();
    }

    @Test
    void afterCompactionAnyVersionOfALiveIncarnationIsABase() {
        // Compaction leaves only the last record of a key: a gateway starting later sees version 7 first.
        MetadataLog fresh = new MetadataLog();
        assertThat(apply(fresh, stream("a", 7, StreamStatus.ACTIVE))).isTrue();
        assertThat(fresh.stream("orders").orElseThrow().getVersion()).isEqualTo(7);
    }

    @Test
    void theFirstSecretWinsAndGarbageIsIgnored() {
        MetadataLog log = new MetadataLog();
        var first = new io.millrace.schemas.kinesis.ClusterSecret("it", java.nio.ByteBuffer.wrap(new byte[] {1}), 1L);
        var second = new io.millrace.schemas.kinesis.ClusterSecret("it", java.nio.ByteBuffer.wrap(new byte[] {2}), 2L);
        assertThat(log.apply("secret/it", MetadataLog.encode(first), null)).isTrue();
        assertThat(log.apply("secret/it", MetadataLog.encode(second), null)).isFalse();
        assertThat(log.secret("it").orElseThrow().getKey().get(0)).isEqualTo((byte) 1);
        assertThat(log.apply("stream/orders", new byte[] {1, 2, 3}, null)).isFalse();
        assertThat(log.apply("unknown/key", new byte[] {1}, null)).isFalse();
    }
}
