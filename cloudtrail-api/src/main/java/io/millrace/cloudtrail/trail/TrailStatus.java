package io.millrace.cloudtrail.trail;

/**
 * How a trail's delivery went, as GetTrailStatus reports it: written by whichever gateway delivered, kept apart
 * from the trail's settings so that deliveries and the trail's own calls do not contend on one version.
 *
 * @param latestDeliveryMillis        the last log file written, null before the first
 * @param latestDeliveryAttemptMillis the last attempt, successful or not
 * @param latestDeliveryError         the error of the last attempt when it failed, null when it succeeded
 */
public record TrailStatus(
        String name,
        String incarnation,
        long version,
        Long latestDeliveryMillis,
        Long latestDeliveryAttemptMillis,
        String latestDeliveryError) {

    public TrailStatus attempted(long nowMillis, String error) {
        return new TrailStatus(
                name,
                incarnation,
                version + 1,
                error == null ? Long.valueOf(nowMillis) : latestDeliveryMillis,
                nowMillis,
                error);
    }
}
