package io.millrace.analytics.table;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/** The resolved options of a scan; {@code decryption} holds kinesis-crypto's keys, empty without a KMS endpoint. */
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
        Map<String, String> decryption)
        implements Serializable {}
