package io.millrace.analytics.firehose;

import io.millrace.analytics.metadata.DeliveryStreamMetadataReader;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;

/**
 * The Kafka topic behind a DirectPut delivery stream, checked as PutRecord checks it: the stream must exist, take
 * direct puts and be ACTIVE. Errors carry AWS's exception names, so operators recognize them.
 */
final class DirectPutTarget {

    /** The DeliveryStreamType that accepts PutRecord and PutRecordBatch. */
    static final String DIRECT_PUT = "DirectPut";

    private DirectPutTarget() {}

    static String topicOf(FirehoseSinkSettings settings) {
        String name = settings.deliveryStream();
        DeliveryStreamMetadata stream = new DeliveryStreamMetadataReader(
                        settings.bootstrapServers(), settings.kafkaProperties(), settings.metadataTopic())
                .read(name)
                .orElseThrow(() -> new IllegalStateException("ResourceNotFoundException: Delivery stream " + name
                        + " not found (metadata topic " + settings.metadataTopic() + ")"));
        if (!DIRECT_PUT.equals(stream.getDeliveryStreamType().toString())) {
            throw new IllegalStateException("InvalidArgumentException: Delivery stream " + name + " is of type "
                    + stream.getDeliveryStreamType() + "; only DirectPut delivery streams take records from producers");
        }
        if (stream.getStatus() != DeliveryStreamStatus.ACTIVE) {
            throw new IllegalStateException("ResourceNotFoundException: Delivery stream " + name + " is "
                    + stream.getStatus() + ", not ACTIVE");
        }
        return stream.getSourceTopic().toString();
    }
}
