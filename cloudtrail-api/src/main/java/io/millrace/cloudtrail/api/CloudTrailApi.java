package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.log.AuditTopicReader;
import io.millrace.cloudtrail.s3.TrailBuckets;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.gateway.protocol.ActionRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The CloudTrail API ({@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101}, JSON 1.1, signing name
 * {@code cloudtrail}) on the gateway: LookupEvents over the audit topic, and trails that deliver it to S3.
 */
public final class CloudTrailApi {

    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    /** Actions of the API that this endpoint does not serve: refused with a message that says so. */
    private static final List<String> UNSUPPORTED = List.of(
            "PutInsightSelectors",
            "GetInsightSelectors",
            "AddTags",
            "RemoveTags",
            "ListTags",
            "CreateEventDataStore",
            "StartQuery",
            "ListEventDataStores");

    private CloudTrailApi() {}

    /** Where trails are kept and delivered to, and the region and account they belong to. */
    public record TrailSetting(TrailStore store, TrailBuckets buckets, String region, String accountId) {}

    /**
     * Lookups read Kafka and wait on it: they run on {@code readers}; trail actions wait for the trail store and the
     * S3 store: they run on {@code writers}.
     */
    public static ActionRegistry actions(
            AuditTopicReader reader, Executor readers, TrailSetting trails, Executor writers, Clock clock) {
        LookupEvents lookup = new LookupEvents(reader, clock);
        TrailNames names = new TrailNames(trails.region(), trails.accountId());
        TrailActions trail =
                new TrailActions(trails.store(), names, trails.buckets(), trails.region(), trails.accountId());
        LoggingActions logging = new LoggingActions(trails.store(), trail, clock);
        SelectorActions selectors = new SelectorActions(trails.store(), trail);
        return ActionRegistry.forService(TARGET_PREFIX, "cloudtrail")
                .on(readers, "LookupEvents", lookup::lookup)
                .on(writers, "CreateTrail", trail::create)
                .on(writers, "GetTrail", trail::get)
                .on(writers, "DescribeTrails", trail::describe)
                .on(writers, "ListTrails", trail::list)
                .on(writers, "UpdateTrail", trail::update)
                .on(writers, "DeleteTrail", trail::delete)
                .on(writers, "StartLogging", logging::start)
                .on(writers, "StopLogging", logging::stop)
                .on(writers, "GetTrailStatus", logging::status)
                .on(writers, "GetEventSelectors", selectors::get)
                .on(writers, "PutEventSelectors", selectors::put)
                .unsupported(UNSUPPORTED)
                .build();
    }
}
