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
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.lifecycle.StreamReconciler;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.NewStream;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, ListShards, DescribeLimits. */
final class StreamAdminActions {

    /** AWS creates an on-demand stream with 4 shards (4 MiB/s of write capacity). */
    static final int ON_DEMAND_INITIAL_SHARDS = 4;

    private static final Set<String> MODES = Set.of("PROVISIONED", "ON_DEMAND");
    private static final MemberRules DESCRIBE_STREAM =
            MemberRules.of("Limit", KinesisMembers.PAGE_LIMIT).and("ExclusiveStartShardId", KinesisMembers.SHARD_ID);
    private static final MemberRules LIST_STREAMS = MemberRules.of("Limit", KinesisMembers.PAGE_LIMIT)
            .and("ExclusiveStartStreamName", KinesisMembers.STREAM_NAME)
            .and("NextToken", KinesisMembers.NEXT_TOKEN);
    private static final MemberRules LIST_SHARDS = MemberRules.of("NextToken", KinesisMembers.NEXT_TOKEN)
            .and("ExclusiveStartShardId", KinesisMembers.SHARD_ID)
            .and("MaxResults", KinesisMembers.PAGE_LIMIT)
            .and("StreamCreationTimestamp", MemberType.timestamp());

    private final KinesisBackend backend;
    private final AccountQuotas quotas;
    private final StreamLookup lookup;
    private final StreamUpdater updater;
    private final StreamReconciler reconciler;
    private final PageTokens tokens;

    StreamAdminActions(
            KinesisBackend backend,
            StreamLookup lookup,
            StreamUpdater updater,
            StreamReconciler reconciler,
            PageTokens tokens) {
        this.backend = backend;
        this.quotas = new AccountQuotas(backend);
        this.lookup = lookup;
        this.updater = updater;
        this.reconciler = reconciler;
        this.tokens = tokens;
    }

    JsonNode createStream(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String name = Fields.text(body, "StreamName");
        Integer shardCount = Fields.integer(body, "ShardCount");
        JsonNode modeDetails = Fields.object(body, "StreamModeDetails");
        String mode = modeDetails == null ? null : Fields.text(modeDetails, "StreamMode");
        JsonNode tagsNode = Fields.object(body, "Tags");
        Integer maxRecordKiB = Fields.integer(body, "MaxRecordSizeInKiB");
        Validation validation = new Validation()
                .required("streamName", name)
                .length("streamName", name, 1, 128)
                .pattern("streamName", name, StreamLookup.STREAM_NAME)
                .range("shardCount", shardCount, 1, Integer.MAX_VALUE)
                .oneOf("streamModeDetails.streamMode", mode, MODES)
                .range("maxRecordSizeInKiB", maxRecordKiB, 1024, 10240);
        if (modeDetails != null) {
            validation.required("streamModeDetails.streamMode", mode);
        }
        Map<String, String> tags = TagRules.read(tagsNode);
        if (tagsNode != null) {
            TagRules.validate(tags, "tags", validation);
        }
        validation.throwIfInvalid();
        TagRules.checkCharacters(tags);
        TagRules.checkTagCount(name, tags.size(), backend.accountId());

        StreamMode streamMode = "ON_DEMAND".equals(mode) ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED;
        if (Fields.integer(body, "WarmThroughputMiBps") != null) {
            throw StreamSettingsActions.warmThroughputRefused(streamMode);
        }
        int shards;
        if (streamMode == StreamMode.ON_DEMAND) {
            if (shardCount != null) {
                throw KinesisErrors.invalidArgument("ShardCount cannot be specified for a stream in ON_DEMAND mode.");
            }
            shards = ON_DEMAND_INITIAL_SHARDS;
            quotas.checkOneMoreOnDemandStream();
        } else {
            if (shardCount == null) {
                throw KinesisErrors.invalidArgument("ShardCount is required for a stream in PROVISIONED mode.");
            }
            shards = shardCount;
        }
        quotas.checkShards(request, shards);
        String wanted = backend.topicFor(name);
        if (isReservedTopic(wanted)) {
            throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                    + " cannot be created: its Kafka topic name is reserved.");
        }
        lookup.syncQuietly();
        if (backend.metadata().stream(name).isPresent()) {
            throw alreadyExists(name);
        }
        Set<String> streamTopics = new HashSet<>();
        backend.metadata().streams().forEach(s -> streamTopics.add(s.getTopic()));
        Set<String> kafkaTopics = topicNames();
        if (kafkaTopics.contains(wanted) && !streamTopics.contains(wanted)) {
            throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                    + " cannot be created: Kafka topic " + wanted + " already exists and is not a stream.");
        }
        // A topic of its own even when the natural name collides with another stream's (a.b and a_b).
        Set<String> taken = new HashSet<>(kafkaTopics);
        taken.addAll(streamTopics);
        String incarnation = UUID.randomUUID().toString();
        String topic = TopicNames.choose(wanted, taken, new SuffixSource(incarnation));

        StreamMetadata stream = NewStream.metadata(name, incarnation, topic, streamMode, shards, backend.now())
                .setMaxRecordSizeKiB(maxRecordKiB == null ? NewStream.DEFAULT_MAX_RECORD_SIZE_KIB : maxRecordKiB)
                .setTags(new TreeMap<>(tags))
                .build();
        try {
            updater.create(stream);
        } catch (VersionConflictException e) {
            throw alreadyExists(name);
        }
        settle(name);
        return WireCodec.object();
    }

    JsonNode deleteStream(AwsRequest request) throws InterruptedException {
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        Boolean enforceConsumerDeletion = Fields.bool(request.body(), "EnforceConsumerDeletion");
        validation.throwIfInvalid();
        lookup.syncQuietly();
        StreamMetadata stream = lookup.require(name);
        if (stream.getStatus() == StreamStatus.DELETING) {
            return WireCodec.object();
        }
        updater.update(
                name,
                next -> {
                    if (next.getStatus() == StreamStatus.DELETING) {
                        return;
                    }
                    if (next.getStatus() == StreamStatus.CREATING) {
                        throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                                + " is in CREATING state and cannot be deleted yet.");
                    }
                    // API reference: unless EnforceConsumerDeletion is true, a stream with registered consumers is
                    // refused
                    // with ResourceInUseException; with it, the consumers go with the stream.
                    if (!Boolean.TRUE.equals(enforceConsumerDeletion)
                            && !ConsumerStates.registered(next.getConsumers()).isEmpty()) {
                        throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                                + " has registered consumers; deregister them or set EnforceConsumerDeletion.");
                    }
                    next.setStatus(StreamStatus.DELETING);
                },
                lookup::notFound);
        settle(name);
        return WireCodec.object();
    }

    JsonNode describeStream(AwsRequest request) {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, true);
        MemberRules.Values members = DESCRIBE_STREAM.read(request).check(validation);
        validation.throwIfInvalid();
        Integer limit = members.integer("Limit");
        String startShard = members.text("ExclusiveStartShardId");
        lookup.syncQuietly();
        StreamMetadata stream = lookup.require(name);
        // DescribeStream returns at most 100 shards per call, whatever Limit asks for (API reference).
        int pageSize = Math.min(limit == null ? 100 : limit, 100);
        int after = startShard == null ? -1 : ExclusiveStart.afterIndex(startShard);
        long now = backend.now();
        // Closed shards whose data has expired are gone from DescribeStream as from ListShards.
        List<ShardMetadata> all = stream.getShards().stream()
                .filter(s -> ShardFilter.NONE.keeps(stream, s, now))
                .filter(s -> startShard == null || s.getIndex() > after)
                .toList();
        List<ShardMetadata> page = all.subList(0, Math.min(pageSize, all.size()));
        ObjectNode response = WireCodec.object();
        response.set(
                "StreamDescription",
                StreamShapes.description(stream, lookup.arn(request, name), page, all.size() > page.size()));
        return response;
    }

    JsonNode describeStreamSummary(AwsRequest request) {
        Validation validation = new Validation();
        String name = StreamLookup.streamName(request.body(), validation, true);
        validation.throwIfInvalid();
        lookup.syncQuietly();
        StreamMetadata stream = lookup.require(name);
        ObjectNode response = WireCodec.object();
        response.set("StreamDescriptionSummary", StreamShapes.summary(stream, lookup.arn(request, name)));
        return response;
    }

    JsonNode listStreams(AwsRequest request) {
        MemberRules.Values members = LIST_STREAMS.read(request).checked();
        Integer limit = members.integer("Limit");
        String start = members.text("ExclusiveStartStreamName");
        String token = members.text("NextToken");
        String after = token != null ? tokens.openListStreams(token) : start;
        lookup.syncQuietly();
        // At most 100 streams per call, whatever Limit asks for (API reference).
        int pageSize = Math.min(limit == null ? 100 : limit, 100);
        ObjectNode response = WireCodec.object();
        ArrayNode names = response.putArray("StreamNames");
        ArrayNode summaries = response.putArray("StreamSummaries");
        String last = null;
        boolean more = false;
        for (Iterator<StreamMetadata> it = backend.metadata().streams().iterator(); it.hasNext(); ) {
            StreamMetadata stream = it.next();
            if (after != null && stream.getName().compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == pageSize) {
                more = true;
                break;
            }
            names.add(stream.getName());
            summaries.add(StreamShapes.listEntry(stream, lookup.arn(request, stream.getName())));
            last = stream.getName();
        }
        response.put("HasMoreStreams", more);
        if (more) {
            response.put("NextToken", tokens.listStreams(last));
        }
        return response;
    }

    JsonNode listShards(AwsRequest request) {
        JsonNode body = request.body();
        MemberRules.Values members = LIST_SHARDS.read(request);
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        members.check(validation);
        String token = members.text("NextToken");
        String startShard = members.text("ExclusiveStartShardId");
        Integer maxResults = members.integer("MaxResults");
        java.time.Instant createdAt = members.timestamp("StreamCreationTimestamp");
        JsonNode filterNode = Fields.object(body, "ShardFilter");
        ShardFilter requested = ShardFilter.read(filterNode, request.format(), validation);
        validation.throwIfInvalid();
        long now = backend.now();
        int after;
        StreamMetadata stream;
        ShardFilter filter;
        if (token != null) {
            // The token names the stream and the filter of the first page; AWS refuses anything that would
            // contradict it, with these messages.
            if (name != null) {
                throw KinesisErrors.invalidArgument("NextToken and "
                        + (Fields.text(body, "StreamName") != null ? "StreamName" : "StreamARN")
                        + " cannot be provided together.");
            }
            if (createdAt != null) {
                throw KinesisErrors.invalidArgument(
                        "NextToken and StreamCreationTimestamp cannot be provided together.");
            }
            if (startShard != null) {
                throw KinesisErrors.invalidArgument("NextToken and ExclusiveStartShardId cannot be provided together.");
            }
            if (filterNode != null) {
                throw KinesisErrors.invalidArgument("NextToken and ShardFilter cannot be provided together.");
            }
            PageTokens.ShardPage page = tokens.openListShards(token, now);
            stream = lookup.require(page.stream());
            if (stream.getCreatedAtMillis() != page.streamCreatedMillis()) {
                throw KinesisErrors.invalidArgument("NextToken belongs to a stream that no longer exists.");
            }
            after = page.afterShardIndex();
            filter = page.filter();
        } else {
            filter = requested;
            if (name == null) {
                throw KinesisErrors.invalidArgument("Either NextToken or StreamName should be provided.");
            }
            lookup.syncQuietly();
            stream = lookup.require(name);
            // StreamCreationTimestamp tells apart incarnations of a name: another one is not found.
            if (createdAt != null && createdAt.getEpochSecond() != stream.getCreatedAtMillis() / 1000) {
                throw lookup.notFound(name);
            }
            after = startShard == null ? -1 : ExclusiveStart.afterIndex(startShard);
        }
        // At most 1000 shards per call, whatever MaxResults asks for (API reference).
        int pageSize = Math.min(maxResults == null ? 1000 : maxResults, 1000);
        List<ShardMetadata> remaining = stream.getShards().stream()
                .filter(s -> s.getIndex() > after && filter.keeps(stream, s, now))
                .toList();
        List<ShardMetadata> page = remaining.subList(0, Math.min(pageSize, remaining.size()));
        ObjectNode response = WireCodec.object();
        ArrayNode shards = response.putArray("Shards");
        page.forEach(shard -> shards.add(StreamShapes.shard(shard)));
        if (remaining.size() > page.size()) {
            response.put(
                    "NextToken",
                    tokens.listShards(
                            stream.getName(),
                            stream.getCreatedAtMillis(),
                            page.get(page.size() - 1).getIndex(),
                            filter,
                            now));
        }
        return response;
    }

    JsonNode describeLimits(AwsRequest request) {
        lookup.syncQuietly();
        int open = backend.metadata().streams().stream()
                .mapToInt(Shards::openCount)
                .sum();
        long onDemand = backend.metadata().streams().stream()
                .filter(s -> s.getMode() == StreamMode.ON_DEMAND)
                .count();
        ObjectNode response = WireCodec.object();
        response.put("ShardLimit", backend.config().getInt(KinesisConfig.ACCOUNT_SHARD_LIMIT));
        response.put("OpenShardCount", open);
        response.put("OnDemandStreamCount", onDemand);
        response.put("OnDemandStreamCountLimit", backend.config().getInt(KinesisConfig.ON_DEMAND_STREAM_LIMIT));
        return response;
    }

    private boolean isReservedTopic(String topic) {
        return topic.startsWith("__")
                && (topic.equals(backend.config().getString(KinesisConfig.METADATA_TOPIC))
                        || topic.equals("__consumer_offsets")
                        || topic.equals("__transaction_state")
                        || topic.equals("__share_group_state")
                        || topic.equals("__cluster_metadata"));
    }

    private Set<String> topicNames() throws InterruptedException {
        try {
            return backend.topics().names().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw ApiException.serviceUnavailable("Kafka did not answer in time: " + e.getMessage());
        }
    }

    /** Topic suffixes: the stream's incarnation first (stable in logs), then random ones. */
    private static final class SuffixSource implements java.util.function.Supplier<String> {
        private final String incarnation;
        private boolean first = true;

        SuffixSource(String incarnation) {
            this.incarnation = incarnation;
        }

        @Override
        public String get() {
            String source = first ? incarnation : UUID.randomUUID().toString();
            first = false;
            return source.substring(0, 8);
        }
    }

    /**
     * Waits up to {@link KinesisConfig#STATE_WAIT_MS} for the reconciler to finish the stream's topic work.
     * With 0 the call answers at once, as AWS does, and the reconciler's periodic pass (every 2 s, on any gateway)
     * does the work: the stream stays CREATING or DELETING for a moment, as it does on AWS for seconds.
     */
    private void settle(String name) throws InterruptedException {
        long wait = backend.config().getLong(KinesisConfig.STATE_WAIT_MS);
        if (wait == 0) {
            return;
        }
        try {
            reconciler.reconcile(name).get(wait, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // The reconciler keeps going in the background; the caller polls the status as with AWS.
        }
    }

    private ApiException alreadyExists(String name) {
        return KinesisErrors.resourceInUse(
                "Stream " + name + " under account " + backend.accountId() + " already exists.");
    }
}
