package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.api.FanOutActions.IteratorResolver;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.metrics.StreamFigure;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.schemas.kinesis.ShardMetadata;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * SubscribeToShard up to the moment the event stream starts: everything that can fail fails here, as an ordinary
 * AWS error response. The starting position is resolved by GetShardIterator itself, so both read the same
 * position with the same rules and errors.
 */
public final class SubscribeToShardAction {

    private static final Set<String> TYPES =
            Set.of("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");
    /** ShardId's pattern in the API model. */
    private static final Pattern SHARD_ID = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final KinesisBackend backend;
    private final ConsumerLookup lookup;
    private final IteratorResolver iterators;
    private final SubscriptionLeases leases;
    private final long durationMillis;
    private final Executor readers;
    private final ShardTails tails;

    SubscribeToShardAction(
            KinesisBackend backend,
            ConsumerLookup lookup,
            IteratorResolver iterators,
            SubscriptionLeases leases,
            long durationMillis,
            Executor readers) {
        this.backend = backend;
        this.lookup = lookup;
        this.iterators = iterators;
        this.leases = leases;
        this.durationMillis = durationMillis;
        this.readers = readers;
        this.tails = new ShardTails(backend, readers);
    }

    JsonNode subscribe(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String consumerArn = Fields.text(body, "ConsumerARN");
        String shardId = Fields.text(body, "ShardId");
        JsonNode position = Fields.object(body, "StartingPosition");
        String type = position == null ? null : Fields.text(position, "Type");
        String sequence = position == null ? null : Fields.text(position, "SequenceNumber");
        Validation validation = new Validation()
                .required("consumerARN", consumerArn)
                .required("shardId", shardId)
                .length("shardId", shardId, 1, 128)
                .pattern("shardId", shardId, SHARD_ID)
                .required("startingPosition", position);
        if (position != null) {
            validation.required("startingPosition.type", type).oneOf("startingPosition.type", type, TYPES);
        }
        validation.throwIfInvalid();
        ConsumerLookup.Found found = lookup.find(request, false);
        if (ConsumerStates.status(found.consumer(), backend.now()) != ConsumerStates.Status.ACTIVE) {
            throw KinesisErrors.resourceInUse("Consumer " + found.consumerArn() + " is not in ACTIVE state, instead"
                    + " in " + ConsumerStates.status(found.consumer(), backend.now()) + " state.");
        }
        String stream = found.stream().getName();
        int shardIndex = ShardId.parse(shardId);
        ShardMetadata shard = Shards.find(found.stream(), shardIndex)
                .orElseThrow(() -> KinesisErrors.resourceNotFound("Shard " + ShardId.canonical(shardId) + " in stream "
                        + stream + " under account " + backend.accountId() + " does not exist"));
        long offset = startOffset(request, stream, shard, type, sequence, position);

        ShardSubscription.Target target = new ShardSubscription.Target(
                stream,
                found.stream().getIncarnation(),
                shardIndex,
                found.consumer().getName(),
                found.consumer().getCreatedAtMillis(),
                found.consumerArn());
        ShardSubscription subscription = new ShardSubscription(backend, target, offset, durationMillis, readers, tails);
        ShardSubscription replaced;
        String consumer = found.consumer().getName();
        try {
            replaced = leases.claim(found.consumerArn(), shardIndex, backend.now(), subscription);
        } catch (ApiException e) {
            // AWS's SubscribeToShard.RateExceeded: a new subscription within 5 s of the last one.
            backend.figures().add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_RATE_EXCEEDED, 1);
            backend.figures().add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_SUCCESS, 0);
            throw e;
        }
        backend.figures().add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_RATE_EXCEEDED, 0);
        backend.figures().add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_SUCCESS, 1);
        if (replaced != null) {
            replaced.takenOver();
        }
        return new POJONode(subscription);
    }

    private long startOffset(
            AwsRequest request, String stream, ShardMetadata shard, String type, String sequence, JsonNode position)
            throws InterruptedException {
        ObjectNode iteratorRequest = WireCodec.object();
        iteratorRequest.put("StreamName", stream);
        iteratorRequest.put("ShardId", ShardId.format(shard.getIndex()));
        // A continuation given before any record was sent means "from the first record": see beforeFirst.
        boolean fromFirst = "AFTER_SEQUENCE_NUMBER".equals(type)
                && ShardEvents.beforeFirst(shard).equals(sequence);
        iteratorRequest.put("ShardIteratorType", fromFirst ? "AT_SEQUENCE_NUMBER" : type);
        if (sequence != null) {
            iteratorRequest.put("StartingSequenceNumber", sequence);
        }
        if (position.get("Timestamp") != null) {
            iteratorRequest.set("Timestamp", position.get("Timestamp"));
        }
        JsonNode answer = iterators.getShardIterator(new AwsRequest(
                request.targetPrefix(),
                "GetShardIterator",
                iteratorRequest,
                request.format(),
                request.region(),
                request.accountId(),
                request.receivedAt()));
        ShardIterator iterator =
                ShardIterator.decode(answer.get("ShardIterator").textValue(), backend.signer());
        if (iterator == null) {
            throw new IllegalStateException("GetShardIterator answered an iterator this cluster cannot open");
        }
        return iterator.offset();
    }
}
