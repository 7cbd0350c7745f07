package io.millrace.analytics.firehose;

import java.io.Serializable;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** The resolved options of a sink into a Firehose delivery stream. */
public record FirehoseSinkSettings(
        String deliveryStream,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix)
        implements Serializable {

    public FirehoseSinkSettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }
}
