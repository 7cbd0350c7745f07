package io.millrace.analytics.table;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** The resolved options of a sink. */
public record SinkSettings(
        String stream,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        String partitionKeyField,
        Duration shardMapRefreshInterval,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix)
        implements Serializable {}
