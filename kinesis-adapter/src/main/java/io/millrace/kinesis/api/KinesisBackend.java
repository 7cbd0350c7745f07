package io.millrace.kinesis.api;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.lifecycle.ShardHeat;
import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamRouters;
import io.millrace.kinesis.metrics.StreamFigures;
import io.millrace.kinesis.metrics.StreamMetrics;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.StreamCipher;
import io.millrace.kinesis.sequence.TokenSigner;
import io.millrace.kinesis.storage.RecordWriter;
import io.millrace.kinesis.storage.ShardReaderPool;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.kinesis.throttle.ShardThroughputLimiter;
import io.millrace.kinesis.usage.ShardUsageTally;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** What the actions work with: the metadata, the topics, the record paths and the cluster's token key. */
public record KinesisBackend(
        KinesisConfig config,
        MetadataStore metadata,
        StreamTopics topics,
        RecordWriter writer,
        ShardReaderPool readers,
        ShardThroughputLimiter limiter,
        ShardUsageTally usage,
        ShardHeat heat,
        TokenSigner signer,
        StreamRouters routers,
        ExecutorService blockingReads,
        StreamMetrics metrics,
        StreamFigures figures,
        Clock clock,
        Optional<StreamCipher> cipher) {

    /** The cipher of encrypted streams; an error for the client when this endpoint has no key service. */
    public StreamCipher requireCipher() {
        return cipher.orElseThrow(() -> KinesisErrors.kms(new KeyException(
                KeyException.Reason.UNAVAILABLE, "This endpoint has no key service (KMS) for stream encryption.")));
    }

    public String accountId() {
        return config.getString(KinesisConfig.ACCOUNT_ID);
    }

    public String topicFor(String stream) {
        return TopicNames.natural(config.getString(KinesisConfig.TOPIC_PREFIX), stream);
    }

    public long now() {
        return clock.millis();
    }
}
