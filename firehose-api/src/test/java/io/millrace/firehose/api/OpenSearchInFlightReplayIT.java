package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.delivery.DeliveryEngine;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.processing.ProcessingPipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Several buffers indexed at once can finish out of order: here the oldest buffer's documents are refused (their
 * hourly index has a write block) while the two after it are indexed. The commit must stay at the oldest buffer's
 * start, and a task that takes over from there (a restart) must index the newer buffers again under the same ids, so
 * every record is in OpenSearch once. The engine, the segment log (Kafka) and the node are real.
 */
class OpenSearchInFlightReplayIT {
    /** 2023-11-14T22:13:20Z: the first buffer's records go to the 22h index, the later ones to 23h. */
    private static final long FIRST_ARRIVAL = 1_700_000_000_000L;

    private static final long HOUR = 3_600_000L;

    private final TestStack stack = TestStack.get();

    @Test
    void aRefusedOlderBufferHoldsTheCommitWhileNewerOnesAreIndexedAndTheRestartReindexesThemUnderTheSameIds()
            throws Exception {
        OpenSearchTestNode node = OpenSearchTestNode.shared();
        String stream = TestStack.unique("osinflight");
        String topic = TestStack.unique("osinflight");
        String index = stream.toLowerCase();
        String blocked = index + "-2023-11-14-22";
        String open = index + "-2023-11-14-23";
        assertThat(node.createIndex(blocked, "{\"settings\":{\"index.blocks.write\":true}}"))
                .isTrue();
        String bucket = TestStack.unique("osinflight");
        // Failed documents would go there; the segment log looks there for what an older version left.
        stack.createBucket(bucket);
        Map<String, String> props = OpenSearchDestinations.props(stream, topic, bucket, node.url(), index);
        props.put(OpenSearchKeys.INDEX_ROTATION_PERIOD, "OneHour");
        props.put(OpenSearchKeys.BUFFERS_IN_FLIGHT, "4");
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        TopicPartition tp = new TopicPartition(topic, 0);

        // Three buffers cut by the interval: offsets 0-3 (the blocked hour), 4-6 and 7-8.
        AtomicLong clock = new AtomicLong(1_000_000);
        DeliveryEngine first = engine(config, clock, "first");
        accept(first, config, topic, 0, 4);
        cut(first, clock);
        accept(first, config, topic, 4, 7);
        cut(first, clock);
        accept(first, config, topic, 7, 9);
        cut(first, clock);
        assertThatThrownBy(first::writeObjects).hasMessageContaining("4 documents not indexed");
        // The newer buffers did not wait behind the refused one: they are indexed, it is not.
        assertThat(node.count(open)).isEqualTo(5);
        assertThat(node.count(blocked)).isZero();
        assertThat(first.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(0));
        Map<String, String> idsBefore = idsByRecord(node, open);
        first.close();

        // The task restarts; the block is lifted; the next task reads from offset 0 and cuts where the log says.
        node.call("PUT", "/" + blocked + "/_settings", "{\"index.blocks.write\":false}");
        DeliveryEngine second = engine(config, new AtomicLong(9_000_000), "second");
        accept(second, config, topic, 0, 9);
        second.writeObjects();
        assertThat(node.count(index + "-*")).isEqualTo(9);
        List<JsonNode> hits = node.versionedDocuments(index + "-*");
        List<Integer> records = new ArrayList<>();
        for (JsonNode hit : hits) {
            int record = hit.path("_source").path("r").asInt();
            records.add(record);
            // The newer buffers' documents were indexed again in place (version 2), the oldest's once.
            assertThat(hit.path("_version").asInt()).as("%s", hit).isEqualTo(record < 4 ? 1 : 2);
        }
        assertThat(records).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(idsByRecord(node, open)).isEqualTo(idsBefore);
        assertThat(second.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(9));
        second.close();
    }

    private static DeliveryEngine engine(FirehoseSinkConfig config, AtomicLong clock, String task) {
        return OpenSearchDestinations.engine(config, clock::get, task);
    }

    /** The interval passes: the open buffer is cut. */
    private static void cut(DeliveryEngine engine, AtomicLong clock) {
        clock.addAndGet(6000);
        engine.sealDue();
    }

    /** Records {"r":offset} of partition 0; offsets 0-3 arrive in hour 22, the others in hour 23. */
    private static void accept(DeliveryEngine engine, FirehoseSinkConfig config, String topic, int from, int to) {
        try (ProcessingPipeline processing = ProcessingPipeline.of(config)) {
            for (int offset = from; offset < to; offset++) {
                SinkRecord record = new SinkRecord(
                        topic,
                        0,
                        null,
                        null,
                        null,
                        ("{\"r\":" + offset + "}").getBytes(StandardCharsets.UTF_8),
                        offset,
                        FIRST_ARRIVAL + (offset < 4 ? 0 : HOUR) + offset * 1000L,
                        TimestampType.CREATE_TIME);
                engine.accept(record, processing.process(List.of(record)).get(0));
            }
        }
    }

    private static Map<String, String> idsByRecord(OpenSearchTestNode node, String pattern) throws Exception {
        Map<String, String> ids = new TreeMap<>();
        for (JsonNode hit : node.versionedDocuments(pattern)) {
            ids.put(hit.path("_source").path("r").asText(), hit.path("_id").asText());
        }
        return ids;
    }
}
