package io.millrace.cloudtrail.trail;

import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.EventResource;

/**
 * Which events a trail delivers: those of its logging period its event selectors ask for ("Logging management
 * events", "Logging data events" in the CloudTrail user guide). A data event reaches a trail only when a selector
 * names its resource type with a value that is a prefix of the resource's ARN, ends with its name, or has no
 * resource part (all of the type); data events exist only when the platform records them.
 */
public final class TrailSelection {

    private static final String LAMBDA_FUNCTION = ":function:";

    private TrailSelection() {}

    public static boolean takes(Trail trail, CloudTrailEvent event) {
        if (!trail.logs(event.getEventTimeMillis())) {
            return false;
        }
        for (EventSelector selector : trail.eventSelectors()) {
            if (!selector.matchesReadWrite(event.getReadOnly())) {
                continue;
            }
            if (event.getManagementEvent() ? selector.includeManagementEvents() : namesAResource(selector, event)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesAResource(EventSelector selector, CloudTrailEvent event) {
        for (EventSelector.DataResource wanted : selector.dataResources()) {
            for (EventResource resource : event.getResources()) {
                if (wanted.type().equals(resource.getType())
                        && wanted.values().stream().anyMatch(value -> covers(value, resource))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a DataResources value names the resource. A Lambda function's ARN names it after {@code :function:}
     * ({@code arn:aws:lambda:<region>:<account>:function:<name>}), the other types' after a slash; a value without
     * that part (e.g. {@code arn:aws:lambda}) is every resource of the type.
     */
    private static boolean covers(String value, EventResource resource) {
        boolean lambda = value.contains(LAMBDA_FUNCTION);
        return !(value.contains("/") || lambda)
                || (resource.getArn() != null && resource.getArn().startsWith(value))
                || value.endsWith((lambda ? LAMBDA_FUNCTION : "/") + resource.getName());
    }
}
