package io.millrace.analytics.firehose;

import io.millrace.analytics.access.RoleAccess;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The resolved options of a sink into a Firehose delivery stream. {@code access} is the job's role
 * ({@code millrace.access.*}) its writes are authorized as ({@code firehose:PutRecordBatch}), null without one.
 */
public record FirehoseSinkSettings(
        String deliveryStream,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        RoleAccess access)
        implements Serializable {

    public FirehoseSinkSettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }
}
