package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers, DeregisterStreamConsumer. Consumers are
 * part of their stream's metadata record, changed by compare-and-set like the rest of it: every gateway sees them,
 * a restart keeps them, and deleting the stream deletes them.
 */
public final class ConsumerActions {

    /** AWS: up to 20 consumers per stream (provisioned and on-demand standard streams). */
    static final int MAX_CONSUMERS_PER_STREAM = 20;
    /** AWS: at most 5 consumers in CREATING status at a time; a 6th registration gets LimitExceededException. */
    static final int MAX_CREATING = 5;
    /** AWS: ListStreamConsumers' MaxResults is 1 to 10,000; 100 when absent. */
    private static final int MAX_LIST_RESULTS = 10_000;

    private static final int DEFAULT_LIST_RESULTS = 100;
    /** AWS: the TagMap of a request holds 1 to 200 tags (API model); keys 1-128, values 0-256 characters. */
    private static final int MAX_TAGS = 200;

    private final KinesisBackend backend;
    private final ConsumerLookup lookup;
    private final StreamUpdater updater;
    private final ConsumerPageTokens tokens;

    ConsumerActions(KinesisBackend backend, ConsumerLookup lookup) {
        this.backend = backend;
        this.lookup = lookup;
        this.tokens = new ConsumerPageTokens(backend.signer());
        this.updater = new StreamUpdater(backend.metadata(), backend.clock());
    }

    JsonNode register(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String streamArn = Fields.text(body, "StreamARN");
        String name = Fields.text(body, "ConsumerName");
        Validation validation =
                new Validation().required("streamARN", streamArn).required("consumerName", name);
        ConsumerLookup.validateStreamArn(validation, streamArn);
        ConsumerLookup.validateConsumerName(validation, name);
        Map<String, String> tags = tags(Fields.object(body, "Tags"), validation);
        validation.throwIfInvalid();
        String streamName = lookup.streamName(streamArn);
        StreamMetadata current = lookup.stream(streamName);
        if (current.getStatus() == StreamStatus.CREATING) {
            throw KinesisErrors.resourceInUse("Stream " + streamName + " under account " + backend.accountId()
                    + " not ACTIVE, instead in state CREATING");
        }
        long now = backend.now();
        StreamConsumer created = StreamConsumer.newBuilder()
                .setName(name)
                .setCreatedAtMillis(now)
                .setDeregisteredAtMillis(null)
                .setTags(tags)
                .build();
        updater.update(
                streamName,
                next -> {
                    if (next.getStatus() == StreamStatus.DELETING) {
                        throw lookup.streamNotFound(streamName);
                    }
                    List<StreamConsumer> live = new ArrayList<>(ConsumerStates.visible(next.getConsumers(), now));
                    if (live.stream().anyMatch(c -> c.getName().equals(name))) {
                        throw KinesisErrors.resourceInUse("Consumer " + name + " under stream " + streamArn
                                + " already exists for account " + backend.accountId() + ".");
                    }
                    if (live.size() >= MAX_CONSUMERS_PER_STREAM) {
                        throw KinesisErrors.limitExceeded("Consumer limit of " + MAX_CONSUMERS_PER_STREAM
                                + " exceeded for stream " + streamArn + ".");
                    }
                    long creating = live.stream()
                            .filter(c -> ConsumerStates.status(c, now) == ConsumerStates.Status.CREATING)
                            .count();
                    if (creating >= MAX_CREATING) {
                        throw KinesisErrors.limitExceeded(
                                "Only " + MAX_CREATING + " consumers can be in CREATING status"
                                        + " at the same time for stream " + streamArn + ".");
                    }
                    live.add(created);
                    next.setConsumers(live);
                },
                lookup::streamNotFound);
        ObjectNode response = WireCodec.object();
        response.set("Consumer", consumer(lookup.arn(request, streamName), created, now));
        return response;
    }

    JsonNode describe(AwsRequest request) {
        ConsumerLookup.Found found = lookup.find(request, true);
        ObjectNode description = consumer(found.streamArn(), found.consumer(), backend.now());
        description.put("StreamARN", found.streamArn());
        ObjectNode response = WireCodec.object();
        response.set("ConsumerDescription", description);
        return response;
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String streamArn = Fields.text(body, "StreamARN");
        String token = Fields.text(body, "NextToken");
        Integer maxResults = Fields.integer(body, "MaxResults");
        Instant streamCreated = Fields.timestamp(body, "StreamCreationTimestamp", request.format());
        Validation validation = new Validation().required("streamARN", streamArn);
        ConsumerLookup.validateStreamArn(validation, streamArn);
        validation
                .length("nextToken", token, 1, 1_048_576)
                .range("maxResults", maxResults, 1, MAX_LIST_RESULTS)
                .throwIfInvalid();
        StreamMetadata stream = lookup.stream(lookup.streamName(streamArn));
        if (streamCreated != null && streamCreated.toEpochMilli() != stream.getCreatedAtMillis()) {
            throw lookup.streamNotFound(stream.getName());
        }
        long now = backend.now();
        // Ordered by creation time then name: a page boundary stays put while consumers come and go.
        List<StreamConsumer> visible = new ArrayList<>(ConsumerStates.visible(stream.getConsumers(), now));
        visible.sort((a, b) -> consumerKey(a).compareTo(consumerKey(b)));
        int start = 0;
        if (token != null) {
            String after = tokens.open(token, stream.getCreatedAtMillis(), now);
            start = visible.size();
            for (int i = 0; i < visible.size(); i++) {
                if (consumerKey(visible.get(i)).compareTo(after) > 0) {
                    start = i;
                    break;
                }
            }
        }
        int limit = maxResults == null ? DEFAULT_LIST_RESULTS : maxResults;
        int end = Math.min(visible.size(), start + limit);
        String arn = lookup.arn(request, stream.getName());
        ObjectNode response = WireCodec.object();
        ArrayNode consumers = response.putArray("Consumers");
        for (StreamConsumer consumer : visible.subList(start, end)) {
            consumers.add(consumer(arn, consumer, now));
        }
        if (end < visible.size()) {
            response.put(
                    "NextToken", tokens.issue(stream.getCreatedAtMillis(), consumerKey(visible.get(end - 1)), now));
        }
        return response;
    }

    JsonNode deregister(AwsRequest request) throws InterruptedException {
        ConsumerLookup.Found found = lookup.find(request, true);
        String streamName = found.stream().getName();
        StreamConsumer target = found.consumer();
        long now = backend.now();
        updater.update(
                streamName,
                next -> {
                    if (!next.getIncarnation().equals(found.stream().getIncarnation())) {
                        throw ConsumerLookup.consumerNotFound(found.consumerArn());
                    }
                    List<StreamConsumer> consumers = new ArrayList<>(ConsumerStates.visible(next.getConsumers(), now));
                    for (ListIterator<StreamConsumer> it = consumers.listIterator(); it.hasNext(); ) {
                        StreamConsumer consumer = it.next();
                        if (consumer.getName().equals(target.getName())
                                && consumer.getCreatedAtMillis() == target.getCreatedAtMillis()) {
                            if (consumer.getDeregisteredAtMillis() == null) {
                                it.set(StreamConsumer.newBuilder(consumer)
                                        .setDeregisteredAtMillis(now)
                                        .build());
                            }
                            next.setConsumers(consumers);
                            return;
                        }
                    }
                    throw ConsumerLookup.consumerNotFound(found.consumerArn());
                },
                lookup::streamNotFound);
        return WireCodec.object();
    }

    private static ObjectNode consumer(String streamArn, StreamConsumer consumer, long now) {
        ObjectNode node = WireCodec.object();
        node.put("ConsumerName", consumer.getName());
        node.put("ConsumerARN", ConsumerArn.format(streamArn, consumer.getName(), consumer.getCreatedAtMillis()));
        node.put("ConsumerStatus", ConsumerStates.status(consumer, now).name());
        node.putPOJO("ConsumerCreationTimestamp", Instant.ofEpochMilli(consumer.getCreatedAtMillis()));
        return node;
    }

    private static String consumerKey(StreamConsumer consumer) {
        return String.format("%020d/%s", consumer.getCreatedAtMillis(), consumer.getName());
    }

    private static Map<String, String> tags(JsonNode node, Validation validation) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null) {
            return tags;
        }
        validation.size("tags", node.size(), 1, MAX_TAGS, node.size() + " tags");
        node.fields().forEachRemaining(entry -> {
            String value = entry.getValue().isTextual() ? entry.getValue().textValue() : null;
            if (value == null) {
                throw ApiException.serialization("Tag values must be strings");
            }
            validation.length("tags.key", entry.getKey(), 1, 128).length("tags.value", value, 0, 256);
            tags.put(entry.getKey(), value);
        });
        return tags;
    }
}
