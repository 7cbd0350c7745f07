package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.MemberRules;
import io.millrace.gateway.protocol.MemberType;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.lifecycle.ReshardPlan;
import io.millrace.kinesis.lifecycle.Resharder;
import io.millrace.kinesis.lifecycle.UniformScaling;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * SplitShard, MergeShards and UpdateShardCount. Each checks the request against the latest metadata (inside the
 * compare-and-set, so a concurrent reshard is caught) and begins a reshard round; the call returns with the stream
 * UPDATING, as AWS's does, and the round ends a few seconds later (see {@link Resharder}).
 */
final class ReshardActions {

    /**
     * TargetShardCount is a PositiveIntegerObject (min 1, no max in the model): a huge target is one of
     * UpdateShardCount's limits (LimitExceededException, see {@link ScalingLimits}), not a validation error.
     */
    private static final int MIN_TARGET = 1;

    private static final MemberRules SPLIT_SHARD = MemberRules.of("ShardToSplit", KinesisMembers.SHARD_ID.required())
            .and("NewStartingHashKey", KinesisMembers.HASH_KEY.required());
    private static final MemberRules MERGE_SHARDS = MemberRules.of("ShardToMerge", KinesisMembers.SHARD_ID.required())
            .and("AdjacentShardToMerge", KinesisMembers.SHARD_ID.required());
    private static final MemberRules UPDATE_SHARD_COUNT = MemberRules.of(
                    "TargetShardCount", MemberType.integer().required().range(MIN_TARGET, Integer.MAX_VALUE))
            .and("ScalingType", MemberType.text().required().oneOf(Set.of("UNIFORM_SCALING")));

    private final KinesisBackend backend;
    private final StreamLookup lookup;
    private final Resharder resharder;
    private final AccountQuotas quota;

    /** UpdateShardCount asked for the shard map the stream already has: nothing to do. */
    private static final class AlreadyThere extends RuntimeException {
        AlreadyThere() {
            super(null, null, false, false);
        }
    }

    ReshardActions(KinesisBackend backend, StreamLookup lookup, Resharder resharder) {
        this.backend = backend;
        this.lookup = lookup;
        this.resharder = resharder;
        this.quota = new AccountQuotas(backend);
    }

    JsonNode splitShard(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        MemberRules.Values members = SPLIT_SHARD.read(request).check(validation);
        validation.throwIfInvalid();
        String shardId = members.text("ShardToSplit");
        String hashKey = members.text("NewStartingHashKey");
        requireName(name);
        lookup.syncQuietly();
        lookup.require(name);
        resharder.begin(
                name,
                stream -> {
                    requireReshardable(stream, "SplitShard");
                    ShardMetadata parent = openShard(stream, shardId);
                    BigInteger key = new BigInteger(hashKey);
                    BigInteger start = new BigInteger(parent.getStartingHashKey());
                    BigInteger end = new BigInteger(parent.getEndingHashKey());
                    // Both children keep at least two hash keys: AWS's condition and wording.
                    if (key.compareTo(HashKey.MAX_VALUE) > 0
                            || key.compareTo(start.add(BigInteger.ONE)) <= 0
                            || key.compareTo(end) >= 0) {
                        throw KinesisErrors.invalidArgument(
                                "NewStartingHashKey " + hashKey + " used in SplitShard() on shard "
                                        + ShardId.canonical(shardId) + " in stream " + name + " under account "
                                        + backend.accountId()
                                        + " is not both greater than one plus the shard's StartingHashKey " + start
                                        + " and less than the shard's EndingHashKey " + end + ".");
                    }
                    quota.checkShards(request, 1);
                    return ReshardPlan.split(parent, key);
                },
                next -> {},
                lookup::notFound);
        return WireCodec.object();
    }

    JsonNode mergeShards(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        MemberRules.Values members = MERGE_SHARDS.read(request).check(validation);
        validation.throwIfInvalid();
        String shardId = members.text("ShardToMerge");
        String adjacentId = members.text("AdjacentShardToMerge");
        requireName(name);
        lookup.syncQuietly();
        lookup.require(name);
        resharder.begin(
                name,
                stream -> {
                    requireReshardable(stream, "MergeShards");
                    ShardMetadata shard = openShard(stream, shardId);
                    ShardMetadata adjacent = openShard(stream, adjacentId);
                    if (shard.getIndex() == adjacent.getIndex() || !ReshardPlan.adjacent(shard, adjacent)) {
                        throw KinesisErrors.invalidArgument("Shards " + ShardId.canonical(shardId) + " and "
                                + ShardId.canonical(adjacentId) + " in stream " + name
                                + " under account " + backend.accountId()
                                + " are not an adjacent pair of shards eligible for merging");
                    }
                    return ReshardPlan.merge(shard, adjacent);
                },
                next -> {},
                lookup::notFound);
        return WireCodec.object();
    }

    JsonNode updateShardCount(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        MemberRules.Values members = UPDATE_SHARD_COUNT.read(request).check(validation);
        validation.throwIfInvalid();
        Integer target = members.integer("TargetShardCount");
        requireName(name);
        lookup.syncQuietly();
        int current = Shards.open(lookup.require(name)).size();
        long now = backend.now();
        try {
            resharder.begin(
                    name,
                    stream -> {
                        requireReshardable(stream, "UpdateShardCount");
                        int open = Shards.current(stream).size();
                        long scalingsToday = RollingDay.within(stream.getShardCountUpdatesMillis(), now)
                                .size();
                        ScalingLimits.check(stream.getName(), backend.accountId(), open, target, scalingsToday);
                        Optional<ReshardPlan> round = UniformScaling.nextRound(stream, target);
                        if (round.isEmpty()) {
                            throw new AlreadyThere();
                        }
                        quota.checkShards(request, peakAdditionalShards(round.get()));
                        return round.get();
                    },
                    next -> {
                        next.setTargetShardCount(target)
                                .setShardCountUpdatesMillis(RollingDay.plus(next.getShardCountUpdatesMillis(), now));
                    },
                    lookup::notFound);
        } catch (AlreadyThere e) {
            // The open shards already are TargetShardCount even ranges: the stream stays as it is.
        }
        ObjectNode response = WireCodec.object();
        response.put("StreamName", name);
        response.put("CurrentShardCount", current);
        response.put("TargetShardCount", target);
        response.put("StreamARN", lookup.arn(request, name));
        return response;
    }

    /**
     * The open shards a scaling adds to the account at its peak. AWS documents that UpdateShardCount's
     * short-lived shards count toward the account's shard limit, so the check is against the peak, not the
     * target: the first round splits every open shard at the target boundaries inside it (up to target + open - 1
     * shards), the later rounds only merge. The round's parents are not counted: they close at the end of the
     * round, a few seconds later, as AWS closes a reshard's parents (DescribeLimits counts them until then).
     */
    static int peakAdditionalShards(ReshardPlan firstRound) {
        return firstRound.children().size() - firstRound.parents().size();
    }

    /** Reshards need an ACTIVE, provisioned stream (AWS: ResourceInUseException while CREATING/UPDATING/DELETING). */
    private void requireReshardable(StreamMetadata stream, String action) {
        if (stream.getStatus() != StreamStatus.ACTIVE) {
            throw KinesisErrors.resourceInUse("Stream " + stream.getName() + " under account " + backend.accountId()
                    + " not ACTIVE, instead in state " + stream.getStatus());
        }
        if (stream.getMode() == StreamMode.ON_DEMAND) {
            throw ApiException.validation(action + " is only supported for data streams with the provisioned"
                    + " capacity mode; stream " + stream.getName() + " is ON_DEMAND.");
        }
    }

    private ShardMetadata openShard(StreamMetadata stream, String shardId) {
        int index = ShardId.parse(shardId);
        ShardMetadata shard = Shards.find(stream, index)
                .orElseThrow(() -> KinesisErrors.resourceNotFound("Could not find shard " + ShardId.canonical(shardId)
                        + " in stream " + stream.getName() + " under account " + backend.accountId() + "."));
        // A closed or closing shard is a bad argument, not a busy resource: AWS answers InvalidArgumentException
        // with this wording (kinesalite issue #109 quotes it from AWS).
        if (!Shards.isCurrent(shard)) {
            throw KinesisErrors.invalidArgument("Shard " + ShardId.canonical(shardId) + " in stream " + stream.getName()
                    + " under account " + backend.accountId()
                    + " has already been merged or split, and thus is not eligible for merging or splitting.");
        }
        return shard;
    }

    private static void requireName(String name) {
        if (name == null) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
    }
}
