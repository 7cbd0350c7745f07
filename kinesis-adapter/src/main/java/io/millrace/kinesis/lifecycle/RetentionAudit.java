package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each stream topic's retention.ms and segment.ms as the metadata's retention period says. Retention changes
 * reach Kafka before the metadata, so they agree after every successful call; this repairs what a crash between
 * the two left behind, and topics from before segment.ms followed the retention (rolled weekly, so expired data
 * stayed readable for days).
 */
final class RetentionAudit implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionAudit.class);

    private final MetadataStore store;
    private final StreamTopics topics;

    RetentionAudit(MetadataStore store, StreamTopics topics) {
        this.store = store;
        this.topics = topics;
    }

    @Override
    public void run() {
        for (StreamMetadata stream : store.streams()) {
            if (stream.getStatus() != StreamStatus.ACTIVE && stream.getStatus() != StreamStatus.UPDATING) {
                continue;
            }
            try {
                repair(stream);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("Retention of stream {} not checked: {}", stream.getName(), e.toString());
            }
        }
    }

    private void repair(StreamMetadata stream) throws Exception {
        long retentionMs = Duration.ofHours(stream.getRetentionHours()).toMillis();
        Map<String, String> actual = topics.retentionConfig(stream.getTopic()).get(30, TimeUnit.SECONDS);
        if (String.valueOf(retentionMs).equals(actual.get("retention.ms"))
                && String.valueOf(StreamTopics.segmentMs(retentionMs)).equals(actual.get("segment.ms"))) {
            return;
        }
        // A retention change in flight sets Kafka, then the metadata: read the metadata again, up to date, and
        // leave a stream that changed meanwhile to the next round. Should a change still land between this
        // check and the repair, the next round (RETENTION_AUDIT later) sets the topic to it.
        store.sync().get(30, TimeUnit.SECONDS);
        StreamMetadata latest = store.stream(stream.getName()).orElse(null);
        if (latest == null || latest.getVersion() != stream.getVersion()) {
            return;
        }
        topics.setRetention(stream.getTopic(), retentionMs).get(30, TimeUnit.SECONDS);
        LOG.info(
                "Stream {}: topic {} had retention.ms={} segment.ms={}, set to the {}-hour retention",
                stream.getName(),
                stream.getTopic(),
                actual.get("retention.ms"),
                actual.get("segment.ms"),
                stream.getRetentionHours());
    }
}
