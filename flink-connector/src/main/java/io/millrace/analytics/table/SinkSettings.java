package io.millrace.analytics.table;

import io.millrace.analytics.access.RoleAccess;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The resolved options of a sink. {@code access} is the job's role ({@code millrace.access.*}) its writes are
 * authorized as, null without one.
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
        RoleAccess access)
        implements Serializable {}
