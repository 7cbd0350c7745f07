package io.millrace.cloudtrail.trail;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.cloudtrail.DataResourceRecord;
import io.millrace.schemas.cloudtrail.EventSelectorRecord;
import io.millrace.schemas.cloudtrail.TrailRecord;
import io.millrace.schemas.cloudtrail.TrailStatusRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Trails and their statuses as the Avro records of {@code schemas} that the trail topic holds, and back. */
final class TrailRecords {

    private TrailRecords() {}

    static ByteBuffer encode(Trail trail) throws IOException {
        return TrailRecord.newBuilder()
                .setName(trail.name())
                .setIncarnation(trail.incarnation())
                .setArn(trail.arn())
                .setAccountId(trail.accountId())
                .setHomeRegion(trail.homeRegion())
                .setVersion(trail.version())
                .setS3BucketName(trail.s3BucketName())
                .setS3KeyPrefix(trail.s3KeyPrefix())
                .setIncludeGlobalServiceEvents(trail.destination().includeGlobalServiceEvents())
                .setMultiRegion(trail.destination().multiRegion())
                .setEventSelectors(trail.eventSelectors().stream()
                        .map(TrailRecords::selectorRecord)
                        .toList())
                .setCustomEventSelectors(trail.customEventSelectors())
                .setLogging(trail.logging())
                .setStartLoggingMillis(trail.startLoggingMillis())
                .setStopLoggingMillis(trail.stopLoggingMillis())
                .build()
                .toByteBuffer();
    }

    static Trail trail(ByteBuffer bytes) throws IOException {
        TrailRecord record = MetadataDecoders.trail(bytes);
        return new Trail(
                new Trail.TrailId(
                        record.getName(),
                        record.getIncarnation(),
                        record.getArn(),
                        record.getAccountId(),
                        record.getHomeRegion()),
                record.getVersion(),
                new Trail.Destination(
                        record.getS3BucketName(),
                        record.getS3KeyPrefix(),
                        record.getIncludeGlobalServiceEvents(),
                        record.getMultiRegion()),
                record.getEventSelectors().stream().map(TrailRecords::selector).toList(),
                record.getCustomEventSelectors(),
                new Trail.LoggingPeriod(
                        record.getLogging(), record.getStartLoggingMillis(), record.getStopLoggingMillis()));
    }

    static ByteBuffer encode(TrailStatus status) throws IOException {
        return new TrailStatusRecord(
                        status.name(),
                        status.incarnation(),
                        status.version(),
                        status.latestDeliveryMillis(),
                        status.latestDeliveryAttemptMillis(),
                        status.latestDeliveryError())
                .toByteBuffer();
    }

    static TrailStatus status(ByteBuffer bytes) throws IOException {
        TrailStatusRecord record = MetadataDecoders.trailStatus(bytes);
        return new TrailStatus(
                record.getName(),
                record.getIncarnation(),
                record.getVersion(),
                record.getLatestDeliveryMillis(),
                record.getLatestDeliveryAttemptMillis(),
                record.getLatestDeliveryError());
    }

    private static EventSelectorRecord selectorRecord(EventSelector selector) {
        return new EventSelectorRecord(
                selector.readWriteType(),
                selector.includeManagementEvents(),
                selector.dataResources().stream()
                        .map(resource -> new DataResourceRecord(resource.type(), List.copyOf(resource.values())))
                        .toList());
    }

    private static EventSelector selector(EventSelectorRecord record) {
        return new EventSelector(
                record.getReadWriteType(),
                record.getIncludeManagementEvents(),
                record.getDataResources().stream()
                        .map(resource ->
                                new EventSelector.DataResource(resource.getType(), List.copyOf(resource.getValues())))
                        .toList());
    }
}
