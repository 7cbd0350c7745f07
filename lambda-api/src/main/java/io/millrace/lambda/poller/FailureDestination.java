package io.millrace.lambda.poller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the invocation record of a batch given up on to a mapping's on-failure destination, a Kinesis stream, as
 * AWS does for stream sources: not the records but what names them ({@code requestContext} with the condition,
 * {@code responseContext}, {@code KinesisBatchInfo} with the shard, first and last sequence numbers, arrival times,
 * size and stream ARN). Written as a Kinesis record would be (key the partition key, routed by its hash key to the
 * shard that takes writes now, arrival time as timestamp), so any reader of the stream reads it.
 */
final class FailureDestination {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final Producer<byte[], byte[]> producer;
    private final StreamDirectory streams;

    FailureDestination(Producer<byte[], byte[]> producer, StreamDirectory streams) {
        this.producer = producer;
        this.streams = streams;
    }

    /** What an invocation that was given up on looked like. */
    record Failure(String condition, int invokeCount, String functionError, String functionArn) {}

    /**
     * Sends the record and waits for the write, so that the batch is checkpointed only once its failure is kept.
     *
     * @throws IllegalStateException when the destination stream no longer exists or the write failed
     */
    void send(
            String destinationArn,
            KinesisEvents.Source source,
            List<ConsumerRecord<byte[], byte[]>> batch,
            Failure failure)
            throws InterruptedException {
        StreamArn arn = StreamArn.parse(destinationArn);
        StreamMetadata stream =
                arn == null ? null : streams.stream(arn.stream()).orElse(null);
        if (stream == null) {
            throw new IllegalStateException("the on-failure destination " + destinationArn + " does not exist");
        }
        long now = System.currentTimeMillis();
        ObjectNode record = JSON.createObjectNode();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", failure.functionArn());
        request.put("condition", failure.condition());
        request.put("approximateInvokeCount", failure.invokeCount());
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (failure.functionError() != null) {
            response.put("functionError", failure.functionError());
        }
        record.put("version", "1.0");
        record.put("timestamp", Instant.ofEpochMilli(now).toString());
        ObjectNode info = record.putObject("KinesisBatchInfo");
        String shardId = ShardId.format(source.shardIndex());
        info.put("shardId", shardId);
        info.put("startSequenceNumber", KinesisEvents.sequenceNumber(source, batch.get(0)));
        info.put("endSequenceNumber", KinesisEvents.sequenceNumber(source, batch.get(batch.size() - 1)));
        info.put(
                "approximateArrivalOfFirstRecord",
                Instant.ofEpochMilli(batch.get(0).timestamp()).toString());
        info.put(
                "approximateArrivalOfLastRecord",
                Instant.ofEpochMilli(batch.get(batch.size() - 1).timestamp()).toString());
        info.put("batchSize", batch.size());
        info.put("streamArn", source.streamArn());
        byte[] partitionKey = shardId.getBytes(StandardCharsets.UTF_8);
        int partition = Shards.router(stream, now).route(HashKey.ofPartitionKey(partitionKey));
        try {
            producer.send(new ProducerRecord<>(
                            stream.getTopic(), partition, now, partitionKey, JSON.writeValueAsBytes(record)))
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(
                    "the on-failure destination " + destinationArn + " did not take the" + " record: " + e, e);
        }
    }
}
