package io.millrace.kinesis.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedView;
import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The compare-and-set rules every gateway applies to the metadata topic's streams and secrets, record by record. */
class StreamMetadataRulesTest {

    private static StreamMetadata stream(String incarnation, long version, StreamStatus status) {
        return StreamMetadata.newBuilder()
                .setName("orders")
                .setIncarnation(incarnation)
                .setVersion(version)
                .setStatus(status)
                .setTopic("orders")
                .setCreatedAtMillis(1000)
                .setShards(List.of(ShardMetadata.newBuilder()
                        .setIndex(0)
                        .setStartingHashKey("0")
                        .setEndingHashKey("9")
                        .setCreatedAtMillis(1000)
                        .build()))
                .build();
    }

    private static VersionedView<StreamMetadata> streams() {
        return new VersionedView<>(MetadataStore.STREAMS);
    }

    private static byte[] encode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static boolean apply(VersionedView<StreamMetadata> log, StreamMetadata value) throws Exception {
        return log.apply("stream/orders", encode(value.toByteBuffer()), new RecordHeaders());
    }

    private static boolean tombstone(VersionedView<StreamMetadata> log, String incarnation) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(VersionedStore.INCARNATION_HEADER, incarnation.getBytes(StandardCharsets.UTF_8));
        return log.apply("stream/orders", null, headers);
    }

    @Test
    void appliesOnlyTheNextVersionOfTheSameIncarnation() throws Exception {
        VersionedView<StreamMetadata> log = streams();
        assertThat(apply(log, stream("a", 1, StreamStatus.CREATING))).isTrue();
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isTrue();
        // A writer that read version 1 and lost the race: ignored, and the key is marked for repair.
        assertThat(apply(log, stream("a", 2, StreamStatus.DELETING))).isFalse();
        assertThat(log.get("stream/orders").orElseThrow().getStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(log.keysToRepair()).containsExactly("stream/orders");
        // A concurrent CreateStream of another incarnation loses too.
        assertThat(apply(log, stream("b", 1, StreamStatus.CREATING))).isFalse();
        assertThat(log.get("stream/orders").orElseThrow().getIncarnation()).isEqualTo("a");
        // Re-publishing the current state (the repair) is accepted and clears the mark.
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isTrue();
        assertThat(log.keysToRepair()).isEmpty();
    }

    @Test
    void aTombstoneRemovesOnlyTheIncarnationItNames() throws Exception {
        VersionedView<StreamMetadata> log = streams();
        apply(log, stream("a", 1, StreamStatus.ACTIVE));
        assertThat(tombstone(log, "other")).isFalse();
        assertThat(log.get("stream/orders")).isPresent();
        assertThat(tombstone(log, "a")).isTrue();
        assertThat(log.get("stream/orders")).isEmpty();
        // A late update to the deleted incarnation must not bring it back.
        assertThat(apply(log, stream("a", 2, StreamStatus.ACTIVE))).isFalse();
        assertThat(log.get("stream/orders")).isEmpty();
        // A new incarnation may take the name.
        assertThat(apply(log, stream("c", 1, StreamStatus.CREATING))).isTrue();
    }

    @Test
    void afterCompactionAnyVersionOfALiveIncarnationIsABase() throws Exception {
        // Compaction leaves only the last record of a key: a gateway starting later sees version 7 first.
        VersionedView<StreamMetadata> fresh = streams();
        assertThat(apply(fresh, stream("a", 7, StreamStatus.ACTIVE))).isTrue();
        assertThat(fresh.get("stream/orders").orElseThrow().getVersion()).isEqualTo(7);
    }

    @Test
    void theFirstSecretWins() throws Exception {
        VersionedView<ClusterSecret> secrets = new VersionedView<>(MetadataStore.SECRETS);
        var first = new ClusterSecret("it", ByteBuffer.wrap(new byte[] {1}), 1L);
        var second = new ClusterSecret("it", ByteBuffer.wrap(new byte[] {2}), 2L);
        assertThat(secrets.apply("secret/it", encode(first.toByteBuffer()), null))
                .isTrue();
        assertThat(secrets.apply("secret/it", encode(second.toByteBuffer()), null))
                .isFalse();
        assertThat(secrets.get("secret/it").orElseThrow().getKey().get(0)).isEqualTo((byte) 1);
        assertThat(secrets.keysToRepair()).containsExactly("secret/it");
    }

    @Test
    void garbageIsSkippedAndKeepsTheStateOfItsKey() throws Exception {
        VersionedView<StreamMetadata> log = streams();
        apply(log, stream("a", 1, StreamStatus.ACTIVE));
        assertThat(log.apply("stream/orders", new byte[] {1, 2, 3}, null)).isFalse();
        assertThat(log.get("stream/orders").orElseThrow().getVersion()).isEqualTo(1);
        // A record this release cannot read may be a newer release's: never repaired over.
        assertThat(log.keysToRepair()).isEmpty();
    }

    @Test
    void aStreamRecordUnderAnotherNameLoses() throws Exception {
        VersionedView<StreamMetadata> log = streams();
        assertThat(log.apply(
                        "stream/other",
                        encode(stream("a", 1, StreamStatus.ACTIVE).toByteBuffer()),
                        null))
                .isFalse();
        assertThat(log.values()).isEmpty();
    }

    @Test
    void theMetadataTopicHandsEachKeyToItsOwnKeySpace() {
        assertThat(MetadataStore.STREAMS.owns("stream/orders")).isTrue();
        assertThat(MetadataStore.STREAMS.owns("secret/it")).isFalse();
        assertThat(MetadataStore.SECRETS.owns("secret/it")).isTrue();
        assertThat(MetadataStore.SECRETS.owns("unknown/key")).isFalse();
    }
}
