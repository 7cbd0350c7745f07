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
record EventSource(
        String eventSource,
        Set<String> dataEvents,
        List<ResourceMember> resourceMembers,
        Map<String, String> eventNames) {

    /** A source whose events are named as its actions. */
    EventSource(String eventSource, Set<String> dataEvents, List<ResourceMember> resourceMembers) {
        this(eventSource, dataEvents, resourceMembers, Map.of());
    }

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
     * The {@code eventName} CloudTrail records for a Lambda management event where it is not the action's name: the
     * action with the API version it belongs to (Lambda Developer Guide, "Logging AWS Lambda API calls using AWS
     * CloudTrail", section "Lambda management events in CloudTrail", which "specifies when the event name differs
     * from the API action name"; https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html). The
     * actions that list leaves without an event name (GetFunction, GetFunctionConfiguration, ListFunctions,
     * GetEventSourceMapping, ListEventSourceMappings, GetFunctionConcurrency...) keep their names, and so does the
     * Invoke data event. The same page's note cites "GetFunction20150331v2" as an example of a suffix while its list
     * gives GetFunction none; the list, which names each action, is followed.
     */
    private static final Map<String, String> LAMBDA_EVENT_NAMES = Map.ofEntries(
            Map.entry("AddPermission", "AddPermission20150331v2"),
            Map.entry("CreateAlias", "CreateAlias20150331"),
            Map.entry("CreateEventSourceMapping", "CreateEventSourceMapping20150331"),
            Map.entry("CreateFunction", "CreateFunction20150331"),
            Map.entry("DeleteAlias", "DeleteAlias20150331"),
            Map.entry("DeleteEventSourceMapping", "DeleteEventSourceMapping20150331"),
            Map.entry("DeleteFunction", "DeleteFunction20150331"),
            Map.entry("DeleteFunctionConcurrency", "DeleteFunctionConcurrency20171031"),
            Map.entry("GetAlias", "GetAlias20150331"),
            Map.entry("PublishLayerVersion", "PublishLayerVersion20181031"),
            Map.entry("PublishVersion", "PublishVersion20150331"),
            Map.entry("PutFunctionConcurrency", "PutFunctionConcurrency20171031"),
            Map.entry("RemovePermission", "RemovePermission20150331v2"),
            Map.entry("TagResource", "TagResource20170331v2"),
            Map.entry("UntagResource", "UntagResource20170331v2"),
            Map.entry("UpdateAlias", "UpdateAlias20150331"),
            Map.entry("UpdateEventSourceMapping", "UpdateEventSourceMapping20150331"),
            Map.entry("UpdateFunctionCode", "UpdateFunctionCode20150331v2"),
            Map.entry("UpdateFunctionConfiguration", "UpdateFunctionConfiguration20150331v2"));

    /**
     * The APIs past Map.of's ten pairs. Lambda: Invoke is the AWS::Lambda::Function data event (CloudTrail User
     * Guide, "Logging data events"); every other Lambda action is a management event.
     */
    private static final Map<String, EventSource> MORE_BY_TARGET_PREFIX = Map.of(
            "AWSLambda_20150331",
            new EventSource(
                    "lambda.amazonaws.com",
                    Set.of("Invoke"),
                    List.of(new ResourceMember("FunctionName", "AWS::Lambda::Function")),
                    LAMBDA_EVENT_NAMES));

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

    /** The {@code eventName} of a call of {@code action} (null: an action the gateway could not name). */
    String eventName(String action) {
        return action == null ? "Unknown" : eventNames.getOrDefault(action, action);
    }

    boolean isDataEvent(String action) {
        return action != null && dataEvents.contains(action);
    }
}
