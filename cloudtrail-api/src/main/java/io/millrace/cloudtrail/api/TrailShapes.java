package io.millrace.cloudtrail.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.cloudtrail.trail.EventSelector;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The answers of the trail actions, in the members of botocore's model. */
final class TrailShapes {

    private TrailShapes() {}

    /** CreateTrail's and UpdateTrail's answer: the trail's settings. */
    static ObjectNode settings(Trail trail) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("Name", trail.name());
        shown.put("S3BucketName", trail.s3BucketName());
        if (trail.s3KeyPrefix() != null) {
            shown.put("S3KeyPrefix", trail.s3KeyPrefix());
        }
        shown.put("IncludeGlobalServiceEvents", trail.destination().includeGlobalServiceEvents());
        shown.put("IsMultiRegionTrail", trail.destination().multiRegion());
        shown.put("TrailARN", trail.arn());
        shown.put("LogFileValidationEnabled", false);
        shown.put("IsOrganizationTrail", false);
        return shown;
    }

    /** The Trail shape of GetTrail and DescribeTrails. */
    static ObjectNode trail(Trail trail) {
        ObjectNode shown = settings(trail);
        shown.put("HomeRegion", trail.homeRegion());
        shown.put("HasCustomEventSelectors", trail.customEventSelectors());
        shown.put("HasInsightSelectors", false);
        return shown;
    }

    static ObjectNode info(Trail trail) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("TrailARN", trail.arn())
                .put("Name", trail.name())
                .put("HomeRegion", trail.homeRegion());
    }

    static ObjectNode status(Trail trail, TrailStatus status) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("IsLogging", trail.logging());
        putTime(shown, "StartLoggingTime", "TimeLoggingStarted", trail.startLoggingMillis());
        putTime(shown, "StopLoggingTime", "TimeLoggingStopped", trail.stopLoggingMillis());
        if (status != null) {
            putTime(shown, "LatestDeliveryTime", null, status.latestDeliveryMillis());
            if (status.latestDeliveryAttemptMillis() != null) {
                shown.put("LatestDeliveryAttemptTime", text(status.latestDeliveryAttemptMillis()));
                shown.put(
                        "LatestDeliveryAttemptSucceeded",
                        status.latestDeliveryError() == null ? text(status.latestDeliveryAttemptMillis()) : "");
            }
            if (status.latestDeliveryError() != null) {
                shown.put("LatestDeliveryError", status.latestDeliveryError());
            }
        }
        return shown;
    }

    static ObjectNode selectors(Trail trail) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("TrailARN", trail.arn());
        ArrayNode selectors = shown.putArray("EventSelectors");
        for (EventSelector selector : trail.eventSelectors()) {
            ObjectNode one = selectors.addObject();
            one.put("ReadWriteType", selector.readWriteType());
            one.put("IncludeManagementEvents", selector.includeManagementEvents());
            ArrayNode resources = one.putArray("DataResources");
            for (EventSelector.DataResource resource : selector.dataResources()) {
                ObjectNode each = resources.addObject().put("Type", resource.type());
                List<String> values = resource.values();
                values.forEach(each.putArray("Values")::add);
            }
            one.putArray("ExcludeManagementEventSources");
        }
        return shown;
    }

    /** A Date member and, when {@code textMember} is given, its string twin (CloudTrail's TimeLogging* members). */
    private static void putTime(ObjectNode shown, String member, String textMember, Long millis) {
        if (millis == null) {
            return;
        }
        shown.set(member, new POJONode(Instant.ofEpochMilli(millis)));
        if (textMember != null) {
            shown.put(textMember, text(millis));
        }
    }

    private static String text(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
