package io.millrace.analytics.table;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.sse.RecordSealer;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The resolved options of a sink. {@code encryption} is how records into an encrypted stream are sealed:
 * kinesis-crypto's keys (the KMS endpoint and credentials), empty when the job was given none. {@code access} is the
 * job's role ({@code millrace.access.*}) its writes are authorized as, and its data keys asked for as unless
 * {@code encryption} names credentials, null without one.
 */
public record SinkSettings(
        String stream,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        String partitionKeyField,
        Duration shardMapRefreshInterval,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Map<String, String> encryption,
        RoleAccess access)
        implements Serializable {

    public SinkSettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
        encryption = Map.copyOf(encryption);
    }

    /** How this sink's records are made: sealed when its stream is encrypted. */
    public RecordSealer sealer() {
        return new RecordSealer(stream, encryption, access);
    }
}
