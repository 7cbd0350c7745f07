package io.millrace.cloudtrail.trail;

import java.util.List;

/**
 * A trail as every gateway stores it: who it is, where it delivers (CreateTrail, UpdateTrail), which events it takes
 * (PutEventSelectors) and whether it is logging (StartLogging, StopLogging).
 */
public record Trail(
        TrailId id,
        long version,
        Destination destination,
        List<EventSelector> eventSelectors,
        boolean customEventSelectors,
        LoggingPeriod period) {

    /** CloudTrail's default for a trail with no selectors of its own: all management events, no data events. */
    public static final List<EventSelector> DEFAULT_SELECTORS =
            List.of(new EventSelector(EventSelector.ALL, true, List.of()));

    /**
     * @param incarnation tells a trail from one deleted and created again under the same name; its delivery keeps a
     *                    consumer group of its own
     */
    public record TrailId(String name, String incarnation, String arn, String accountId, String homeRegion) {}

    /** The bucket and prefix log files go to, and the flags CreateTrail sets. */
    public record Destination(
            String s3BucketName, String s3KeyPrefix, boolean includeGlobalServiceEvents, boolean multiRegion) {}

    /**
     * @param startMillis the last StartLogging, null when the trail never logged
     * @param stopMillis  the last StopLogging, null when it never stopped
     */
    public record LoggingPeriod(boolean on, Long startMillis, Long stopMillis) {

        public static final LoggingPeriod NEVER = new LoggingPeriod(false, null, null);
    }

    /** A new trail: default selectors, not logging (CreateTrail). */
    public static Trail created(TrailId id, Destination destination) {
        return new Trail(id, 0, destination, DEFAULT_SELECTORS, false, LoggingPeriod.NEVER);
    }

    public String name() {
        return id.name();
    }

    public String incarnation() {
        return id.incarnation();
    }

    public String arn() {
        return id.arn();
    }

    public String accountId() {
        return id.accountId();
    }

    public String homeRegion() {
        return id.homeRegion();
    }

    public String s3BucketName() {
        return destination.s3BucketName();
    }

    public String s3KeyPrefix() {
        return destination.s3KeyPrefix();
    }

    public boolean logging() {
        return period.on();
    }

    public Long startLoggingMillis() {
        return period.startMillis();
    }

    public Long stopLoggingMillis() {
        return period.stopMillis();
    }

    public Trail withVersion(long next) {
        return new Trail(id, next, destination, eventSelectors, customEventSelectors, period);
    }

    public Trail withDestination(Destination next) {
        return new Trail(id, version, next, eventSelectors, customEventSelectors, period);
    }

    public Trail withSelectors(List<EventSelector> selectors) {
        return new Trail(id, version, destination, selectors, true, period);
    }

    /** Logging from {@code nowMillis}; a trail already logging keeps its start, as StartLogging is idempotent. */
    public Trail started(long nowMillis) {
        return period.on() ? this : withPeriod(new LoggingPeriod(true, nowMillis, period.stopMillis()));
    }

    public Trail stopped(long nowMillis) {
        return period.on() ? withPeriod(new LoggingPeriod(false, period.startMillis(), nowMillis)) : this;
    }

    private Trail withPeriod(LoggingPeriod next) {
        return new Trail(id, version, destination, eventSelectors, customEventSelectors, next);
    }

    /** Whether an event at {@code eventMillis} falls in the trail's current logging period. */
    public boolean logs(long eventMillis) {
        return period.startMillis() != null
                && eventMillis >= period.startMillis()
                && (period.on() || period.stopMillis() == null || eventMillis < period.stopMillis());
    }
}
