package io.millrace.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creates the stream a workload runs on, waits until it is ACTIVE, lists its shards and deletes it. */
public final class StreamAdmin {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 100;

    private final KinesisClient client;

    public StreamAdmin(KinesisClient client) {
        this.client = client;
    }

    public void createAndWait(String stream, int shards) {
        try {
            client.createStream(b -> b.streamName(stream).shardCount(shards));
        } catch (SdkException e) {
            throw new BenchFailure("CreateStream " + stream + " failed: " + e.getMessage(), e);
        }
        awaitActive(stream);
    }

    /** StartStreamEncryption with KMS key {@code keyId}, then waits until the stream is ACTIVE again. */
    public void encryptAndWait(String stream, String keyId) {
        try {
            client.startStreamEncryption(
                    b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyId));
        } catch (SdkException e) {
            throw new BenchFailure("StartStreamEncryption " + stream + " failed: " + e.getMessage(), e);
        }
        awaitActive(stream);
    }

    private void awaitActive(String stream) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            StreamStatus status = client.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary()
                    .streamStatus();
            if (status == StreamStatus.ACTIVE) {
                return;
            }
            sleep(POLL_MILLIS);
        }
        throw new BenchFailure("stream " + stream + " not ACTIVE after " + ACTIVE_TIMEOUT.toSeconds() + " s");
    }

    public List<String> shardIds(String stream) {
        List<String> ids = new ArrayList<>();
        ListShardsResponse page =
                client.listShards(ListShardsRequest.builder().streamName(stream).build());
        while (true) {
            page.shards().stream().map(Shard::shardId).forEach(ids::add);
            if (page.nextToken() == null) {
                return ids;
            }
            String token = page.nextToken();
            // With a NextToken, AWS rejects a StreamName in the same request.
            page = client.listShards(
                    ListShardsRequest.builder().nextToken(token).build());
        }
    }

    /**
     * Registers an enhanced fan-out consumer of the stream and waits until it is ACTIVE.
     *
     * @return its ConsumerARN
     */
    public String registerConsumerAndWait(String stream, String consumerName) {
        String consumerArn;
        try {
            String streamArn = client.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary()
                    .streamARN();
            consumerArn = client.registerStreamConsumer(
                            b -> b.streamARN(streamArn).consumerName(consumerName))
                    .consumer()
                    .consumerARN();
        } catch (SdkException e) {
            throw new BenchFailure("RegisterStreamConsumer " + consumerName + " failed: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            ConsumerStatus status = client.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                    .consumerDescription()
                    .consumerStatus();
            if (status == ConsumerStatus.ACTIVE) {
                return consumerArn;
            }
            sleep(POLL_MILLIS);
        }
        throw new BenchFailure("consumer " + consumerArn + " not ACTIVE after " + ACTIVE_TIMEOUT.toSeconds() + " s");
    }

    /** Best effort, like {@link #delete}: returns a warning, or null once the consumer is deregistered. */
    public String deregisterConsumer(String consumerArn) {
        try {
            client.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
            return null;
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (SdkException e) {
            return "could not deregister consumer " + consumerArn + ": " + e.getMessage();
        }
    }

    /** Best effort: a leftover stream is reported, not fatal, since the figures are already measured. */
    public String delete(String stream) {
        try {
            client.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            return null;
        } catch (ResourceNotFoundException e) {
            return null;
        } catch (SdkException e) {
            return "could not delete stream " + stream + ": " + e.getMessage();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }
}
