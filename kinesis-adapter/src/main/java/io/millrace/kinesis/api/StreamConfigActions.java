package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.MemberRules;
import io.millrace.gateway.protocol.MemberType;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Tags and the retention period: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream, Increase/Decrease. */
final class StreamConfigActions {

    /** Kinesis retention: 24 hours (the default) to 8,760 hours (365 days). */
    static final int MIN_RETENTION_HOURS = 24;

    static final int MAX_RETENTION_HOURS = 8760;
    private static final MemberRules LIST_TAGS = MemberRules.of(
                    "ExclusiveStartTagKey", MemberType.text().length(1, 128))
            .and("Limit", MemberType.integer().range(1, 50));
    /** The bounds are InvalidArgumentException with AWS's own words, not constraints of the model. */
    private static final MemberRules CHANGE_RETENTION =
            MemberRules.of("RetentionPeriodHours", MemberType.integer().required());

    private final KinesisBackend backend;
    private final StreamLookup lookup;
    private final StreamUpdater updater;

    StreamConfigActions(KinesisBackend backend, StreamLookup lookup, StreamUpdater updater) {
        this.backend = backend;
        this.lookup = lookup;
        this.updater = updater;
    }

    JsonNode addTags(AwsRequest request) throws InterruptedException {
        JsonNode tagsNode = Fields.object(request.body(), "Tags");
        Map<String, String> tags = TagRules.read(tagsNode);
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        validation.required("tags", tagsNode);
        if (tagsNode != null) {
            TagRules.validate(tags, "tags", validation);
        }
        validation.throwIfInvalid();
        lookup.syncQuietly();
        lookup.require(name);
        TagRules.checkCharacters(tags);
        updater.update(
                name,
                next -> {
                    requireNotDeleting(name, next.getStatus());
                    Map<String, String> merged = new TreeMap<>(next.getTags());
                    merged.putAll(tags);
                    TagRules.checkTagCount(name, merged.size(), backend.accountId());
                    next.setTags(merged);
                },
                lookup::notFound);
        return WireCodec.object();
    }

    JsonNode removeTags(AwsRequest request) throws InterruptedException {
        JsonNode keysNode = Fields.array(request.body(), "TagKeys");
        List<String> keys = new ArrayList<>();
        if (keysNode != null) {
            for (JsonNode key : keysNode) {
                if (!key.isTextual()) {
                    throw ApiException.serialization("Member TagKeys must be a list of strings");
                }
                keys.add(key.textValue());
            }
        }
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        validation.required("tagKeys", keysNode);
        if (keysNode != null) {
            keys.forEach(key -> validation.length("tagKeys.member", key, 1, 128));
            validation.size("tagKeys", keys.size(), 1, 50, keys);
        }
        validation.throwIfInvalid();
        lookup.syncQuietly();
        lookup.require(name);
        TagRules.checkCharacters(keys);
        updater.update(
                name,
                next -> {
                    requireNotDeleting(name, next.getStatus());
                    Map<String, String> remaining = new TreeMap<>(next.getTags());
                    keys.forEach(remaining::remove);
                    next.setTags(remaining);
                },
                lookup::notFound);
        return WireCodec.object();
    }

    JsonNode listTags(AwsRequest request) {
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        MemberRules.Values members = LIST_TAGS.read(request).check(validation);
        validation.throwIfInvalid();
        String start = members.text("ExclusiveStartTagKey");
        Integer limit = members.integer("Limit");
        lookup.syncQuietly();
        StreamMetadata stream = lookup.require(name);
        int pageSize = limit == null ? 50 : limit;
        ObjectNode response = WireCodec.object();
        ArrayNode list = response.putArray("Tags");
        boolean more = false;
        for (Map.Entry<String, String> tag : new TreeMap<>(stream.getTags()).entrySet()) {
            if (start != null && tag.getKey().compareTo(start) <= 0) {
                continue;
            }
            if (list.size() == pageSize) {
                more = true;
                break;
            }
            ObjectNode entry = list.addObject();
            entry.put("Key", tag.getKey());
            entry.put("Value", tag.getValue());
        }
        response.put("HasMoreTags", more);
        return response;
    }

    JsonNode increaseRetention(AwsRequest request) throws InterruptedException {
        return changeRetention(request, true);
    }

    JsonNode decreaseRetention(AwsRequest request) throws InterruptedException {
        return changeRetention(request, false);
    }

    private JsonNode changeRetention(AwsRequest request, boolean increase) throws InterruptedException {
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        Integer hours = CHANGE_RETENTION.read(request).check(validation).integer("RetentionPeriodHours");
        validation.throwIfInvalid();
        if (hours < MIN_RETENTION_HOURS) {
            throw KinesisErrors.invalidArgument("Minimum allowed retention period is " + MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > MAX_RETENTION_HOURS) {
            throw KinesisErrors.invalidArgument("Maximum allowed retention period is " + MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        lookup.syncQuietly();
        StreamMetadata current = lookup.requireActive(name);
        checkRetentionChange(name, current.getStatus(), current.getRetentionHours(), hours, increase);
        // Kafka first: the metadata must never claim a retention the topic does not have. Should the metadata
        // write then fail (a concurrent change won), the topic goes back to what the metadata says.
        applyRetention(current.getTopic(), hours);
        try {
            updater.update(
                    name,
                    next -> {
                        checkRetentionChange(name, next.getStatus(), next.getRetentionHours(), hours, increase);
                        next.setRetentionHours(hours);
                    },
                    lookup::notFound);
        } catch (RuntimeException e) {
            backend.metadata().stream(name)
                    .filter(s -> s.getTopic().equals(current.getTopic()))
                    .ifPresent(s -> backend.topics()
                            .setRetention(
                                    s.getTopic(),
                                    Duration.ofHours(s.getRetentionHours()).toMillis()));
            throw e;
        }
        return WireCodec.object();
    }

    private void checkRetentionChange(String name, StreamStatus status, int current, int hours, boolean increase) {
        if (status != StreamStatus.ACTIVE) {
            throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                    + " not ACTIVE, instead in state " + status);
        }
        if (increase && hours < current) {
            throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                    + name + " can not be shorter than existing retention period (" + current
                    + " hours). Use DecreaseRetentionPeriod API.");
        }
        if (!increase && hours > current) {
            throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                    + name + " can not be longer than existing retention period (" + current
                    + " hours). Use IncreaseRetentionPeriod API.");
        }
    }

    /** retention.ms and the segment.ms that makes it effective (see StreamTopics.segmentMs). */
    private void applyRetention(String topic, int hours) throws InterruptedException {
        try {
            backend.topics()
                    .setRetention(topic, Duration.ofHours(hours).toMillis())
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.serviceUnavailable(
                    "Kafka did not apply the retention to topic " + topic + " in time: " + e.getMessage());
        }
    }

    private void requireNotDeleting(String name, StreamStatus status) {
        if (status == StreamStatus.DELETING) {
            throw lookup.notFound(name);
        }
    }
}
