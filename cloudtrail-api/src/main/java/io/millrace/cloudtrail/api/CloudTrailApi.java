package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.log.AuditTopicReader;
import io.millrace.gateway.protocol.ActionRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The CloudTrail API ({@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101}, JSON 1.1, signing name
 * {@code cloudtrail}) on the gateway: LookupEvents over the audit topic.
 */
public final class CloudTrailApi {

    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    /** Actions of the API that this endpoint does not serve: refused with a message that says so. */
    private static final List<String> UNSUPPORTED = List.of(
            "CreateTrail",
            "DeleteTrail",
            "DescribeTrails",
            "GetTrail",
            "GetTrailStatus",
            "ListTrails",
            "StartLogging",
            "StopLogging",
            "UpdateTrail",
            "PutEventSelectors",
            "GetEventSelectors",
            "PutInsightSelectors",
            "GetInsightSelectors",
            "AddTags",
            "RemoveTags",
            "ListTags",
            "CreateEventDataStore",
            "StartQuery",
            "ListEventDataStores");

    private CloudTrailApi() {}

    /** Lookups read Kafka and wait on it: they run on {@code readers}. */
    public static ActionRegistry actions(AuditTopicReader reader, Executor readers, Clock clock) {
        LookupEvents lookup = new LookupEvents(reader, clock);
        return ActionRegistry.forService(TARGET_PREFIX, "cloudtrail")
                .on(readers, "LookupEvents", lookup::lookup)
                .unsupported(UNSUPPORTED)
                .build();
    }
}
