package io.millrace.cloudtrail.event;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A served API as CloudTrail names it: its {@code eventSource}, the actions CloudTrail logs as data events, and the
 * request members that name the resources a call acts on ({@code resources}, and what LookupEvents' ResourceName and
 * ResourceType match).
 *
 * @param dataEvents the actions CloudTrail classifies as data events for this service (CloudTrail User Guide,
 *                   "Logging data events"); every other action is a management event
 */
record EventSource(String eventSource, Set<String> dataEvents, List<ResourceMember> resourceMembers) {

    /** A request member naming a resource of {@code type} (for example {@code StreamName}, AWS::Kinesis::Stream). */
    record ResourceMember(String member, String type) {}

    private static final Map<String, EventSource> BY_TARGET_PREFIX = Map.of(
            "Kinesis_20131202",
            new EventSource(
                    "kinesis.amazonaws.com",
                    // AWS::Kinesis::Stream and AWS::Kinesis::StreamConsumer data events.
                    Set.of("PutRecord", "PutRecords", "GetRecords", "GetShardIterator", "SubscribeToShard"),
                    List.of(
                            new ResourceMember("StreamName", "AWS::Kinesis::Stream"),
                            new ResourceMember("StreamARN", "AWS::Kinesis::Stream"),
                            new ResourceMember("ConsumerName", "AWS::Kinesis::StreamConsumer"),
                            new ResourceMember("ConsumerARN", "AWS::Kinesis::StreamConsumer"))),
            "Firehose_20150804",
            new EventSource(
                    "firehose.amazonaws.com",
                    Set.of("PutRecord", "PutRecordBatch"),
                    List.of(new ResourceMember("DeliveryStreamName", "AWS::KinesisFirehose::DeliveryStream"))),
            "DynamoDB_20120810",
            new EventSource(
                    "dynamodb.amazonaws.com",
                    Set.of(
                            "GetItem",
                            "PutItem",
                            "UpdateItem",
                            "DeleteItem",
                            "BatchGetItem",
                            "BatchWriteItem",
                            "Query",
                            "Scan",
                            "TransactGetItems",
                            "TransactWriteItems",
                            "ExecuteStatement",
                            "BatchExecuteStatement",
                            "ExecuteTransaction"),
                    List.of(new ResourceMember("TableName", "AWS::DynamoDB::Table"))),
            // KMS's cryptographic operations are management events in CloudTrail (read-only ones, which a trail
            // may exclude as "AWS KMS events"), not data events.
            "TrentService",
            new EventSource(
                    "kms.amazonaws.com",
                    Set.of(),
                    List.of(
                            new ResourceMember("KeyId", "AWS::KMS::Key"),
                            new ResourceMember("AliasName", "AWS::KMS::Alias"))),
            "GraniteServiceVersion20100801",
            new EventSource(
                    "monitoring.amazonaws.com",
                    // AWS::CloudWatch::Metric data events.
                    Set.of("PutMetricData", "GetMetricData", "GetMetricStatistics", "ListMetrics"),
                    List.of(new ResourceMember("AlarmName", "AWS::CloudWatch::Alarm"))),
            "KinesisAnalytics_20180523",
            new EventSource(
                    "kinesisanalytics.amazonaws.com",
                    Set.of(),
                    List.of(new ResourceMember("ApplicationName", "AWS::KinesisAnalyticsV2::Application"))),
            "AWSGlue",
            new EventSource(
                    "glue.amazonaws.com", Set.of(), List.of(new ResourceMember("RegistryName", "AWS::Glue::Registry"))),
            "AWSIdentityManagementV20100508",
            new EventSource(
                    "iam.amazonaws.com",
                    Set.of(),
                    List.of(
                            new ResourceMember("UserName", "AWS::IAM::User"),
                            new ResourceMember("RoleName", "AWS::IAM::Role"),
                            new ResourceMember("PolicyArn", "AWS::IAM::Policy"))),
            "AWSSecurityTokenServiceV20110615",
            new EventSource("sts.amazonaws.com", Set.of(), List.of(new ResourceMember("RoleArn", "AWS::IAM::Role"))),
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
            new EventSource(
                    "cloudtrail.amazonaws.com",
                    Set.of(),
                    List.of(new ResourceMember("Name", "AWS::CloudTrail::Trail"))));

    /**
     * The APIs past Map.of's ten pairs. Lambda: Invoke is the AWS::Lambda::Function data event (CloudTrail User
     * Guide, "Logging data events"); every other Lambda action is a management event.
     */
    private static final Map<String, EventSource> MORE_BY_TARGET_PREFIX = Map.of(
            "AWSLambda_20150331",
            new EventSource(
                    "lambda.amazonaws.com",
                    Set.of("Invoke"),
                    List.of(new ResourceMember("FunctionName", "AWS::Lambda::Function"))));

    /**
     * The source of an API by its {@code X-Amz-Target} prefix; for a call that named none the gateway serves, one
     * made of the signing service ({@code <service>.amazonaws.com}) or of the prefix itself.
     */
    static EventSource of(String targetPrefix, String signingService) {
        EventSource known = targetPrefix == null
                ? null
                : BY_TARGET_PREFIX.getOrDefault(targetPrefix, MORE_BY_TARGET_PREFIX.get(targetPrefix));
        if (known != null) {
            return known;
        }
        String name = signingService != null
                ? signingService
                : targetPrefix != null ? targetPrefix.toLowerCase(java.util.Locale.ROOT) : "unknown";
        return new EventSource(name + ".amazonaws.com", Set.of(), List.of());
    }

    boolean isDataEvent(String action) {
        return action != null && dataEvents.contains(action);
    }
}
