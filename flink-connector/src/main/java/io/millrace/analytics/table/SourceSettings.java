package io.millrace.analytics.table;

import io.millrace.analytics.access.RoleAccess;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The resolved options of a scan; {@code decryption} holds kinesis-crypto's keys, empty without a KMS endpoint;
 * {@code access} is the session's read authorization ({@code millrace.access.*}), null without one.
 */
record SourceSettings(
        String stream,
        String topic,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String metadataTopic,
        MillraceOptions.StartupMode startupMode,
        Long startupTimestampMillis,
        MillraceOptions.BoundedMode boundedMode,
        Long boundedTimestampMillis,
        Duration shardDiscoveryInterval,
        Map<String, String> decryption,
        RoleAccess access)
        implements Serializable {}
