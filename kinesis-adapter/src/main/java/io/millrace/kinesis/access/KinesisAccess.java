package io.millrace.kinesis.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.kinesis.model.arn.StreamArn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The permissions each Kinesis call needs, as AWS's service authorization reference ("Actions, resources, and
 * condition keys for Amazon Kinesis Data Streams") lists them: {@code kinesis:<Action>} on the stream
 * ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, named by StreamName or StreamARN, an ARN taken as given), on
 * the consumer for the consumer actions, on the ResourceARN for the resource-policy actions, on {@code *} for
 * ListStreams and DescribeLimits. GetRecords, which names its stream by its ShardIterator only, and a later page of
 * ListShards, by its NextToken only, are authorized on the stream the token was issued for.
 *
 * <p>A consumer named by StreamARN and ConsumerName instead of its ARN is authorized on its ARN all the same, as AWS
 * does: the ARN ends with the consumer's creation time, found in this gateway's view of the stream. A consumer the
 * view does not know (it does not exist, or not yet here) is authorized on its stream, which the reference lists for
 * DeregisterStreamConsumer; the action then answers ResourceNotFoundException to a caller allowed there.
 */
public final class KinesisAccess implements AccessResolver {

    /** The ARN of the live consumer {@code consumerName} of the stream {@code streamArn}, from memory, never waiting. */
    @FunctionalInterface
    public interface ConsumerArns {
        Optional<String> arnOf(String streamArn, String consumerName);
    }

    /**
     * The stream a token this cluster issued pages or reads through (expired or not), without waiting: GetRecords
     * names its stream only by its ShardIterator, a later page of ListShards only by its NextToken.
     */
    public interface TokenStreams {
        Optional<String> ofShardIterator(String iterator);

        Optional<String> ofListShardsToken(String nextToken);
    }

    private static final String PREFIX = "kinesis:";
    /** The reference lists no resource type for these: they act on the account. */
    private static final Set<String> ON_ACCOUNT = Set.of("ListStreams", "DescribeLimits");

    private static final Set<String> ON_CONSUMER =
            Set.of("DescribeStreamConsumer", "DeregisterStreamConsumer", "SubscribeToShard");
    /** Stream or consumer, whichever ResourceARN names. */
    private static final Set<String> ON_RESOURCE_ARN =
            Set.of("PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy");

    private static final Set<String> ON_STREAM = Set.of(
            "CreateStream",
            "DeleteStream",
            "DescribeStream",
            "DescribeStreamSummary",
            "ListShards",
            "AddTagsToStream",
            "RemoveTagsFromStream",
            "ListTagsForStream",
            "IncreaseStreamRetentionPeriod",
            "DecreaseStreamRetentionPeriod",
            "SplitShard",
            "MergeShards",
            "UpdateShardCount",
            "UpdateStreamMode",
            "UpdateMaxRecordSize",
            "EnableEnhancedMonitoring",
            "DisableEnhancedMonitoring",
            "StartStreamEncryption",
            "StopStreamEncryption",
            "GetShardIterator",
            "GetRecords",
            "RegisterStreamConsumer",
            "ListStreamConsumers",
            "PutRecord",
            "PutRecords");

    private final ConsumerArns consumers;
    private final TokenStreams tokens;

    public KinesisAccess(ConsumerArns consumers, TokenStreams tokens) {
        this.consumers = consumers;
        this.tokens = tokens;
    }

    /** Every action this resolver names the resources of; the others fall back to {@code *}. */
    public static Set<String> mappedActions() {
        Set<String> all = new HashSet<>(ON_STREAM);
        all.addAll(ON_ACCOUNT);
        all.addAll(ON_CONSUMER);
        all.addAll(ON_RESOURCE_ARN);
        return Set.copyOf(all);
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        String action = request.action();
        String iamAction = PREFIX + action;
        JsonNode body = request.body();
        if (ON_ACCOUNT.contains(action)) {
            return List.of(AccessRequest.of(iamAction, AccessRequest.ANY_RESOURCE));
        }
        if (ON_RESOURCE_ARN.contains(action)) {
            return List.of(AccessRequest.of(iamAction, orAny(Fields.text(body, "ResourceARN"))));
        }
        if (ON_CONSUMER.contains(action)) {
            return List.of(AccessRequest.of(iamAction, consumer(request)));
        }
        if (!ON_STREAM.contains(action)) {
            return null;
        }
        List<AccessRequest> needed = new ArrayList<>(2);
        String stream = orAny(stream(request));
        needed.add(AccessRequest.of(iamAction, stream));
        // AWS: CreateStream with Tags also needs kinesis:AddTagsToStream on the stream it creates.
        if (action.equals("CreateStream") && Fields.object(body, "Tags") != null) {
            needed.add(AccessRequest.of(PREFIX + "AddTagsToStream", stream));
        }
        return List.copyOf(needed);
    }

    /**
     * The stream's ARN from StreamARN (as given), StreamName, or the token the call continues from; null when the
     * request names none.
     */
    private String stream(AwsRequest request) {
        JsonNode body = request.body();
        String arn = Fields.text(body, "StreamARN");
        if (arn != null) {
            return arn;
        }
        String name = Fields.text(body, "StreamName");
        if (name == null) {
            name = switch (request.action()) {
                case "GetRecords" -> token(Fields.text(body, "ShardIterator"), tokens::ofShardIterator);
                case "ListShards" -> token(Fields.text(body, "NextToken"), tokens::ofListShardsToken);
                default -> null;
            };
        }
        return name == null ? null : StreamArn.format(request.region(), request.accountId(), name);
    }

    private static String token(String token, Function<String, Optional<String>> stream) {
        return token == null ? null : stream.apply(token).orElse(null);
    }

    private String consumer(AwsRequest request) {
        JsonNode body = request.body();
        String consumerArn = Fields.text(body, "ConsumerARN");
        if (consumerArn != null) {
            return consumerArn;
        }
        String streamArn = Fields.text(body, "StreamARN");
        String name = Fields.text(body, "ConsumerName");
        if (streamArn == null) {
            return AccessRequest.ANY_RESOURCE;
        }
        return name == null ? streamArn : consumers.arnOf(streamArn, name).orElse(streamArn);
    }

    private static String orAny(String resource) {
        return resource == null ? AccessRequest.ANY_RESOURCE : resource;
    }
}
