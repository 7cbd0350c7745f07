package io.millrace.analytics.catalog;

import io.millrace.analytics.table.MillraceOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of {@code CREATE CATALOG ... WITH ('type' = 'millrace', ...)}. */
public final class MillraceCatalogOptions {

    private MillraceCatalogOptions() {}

    public static final ConfigOption<String> DEFAULT_DATABASE = ConfigOptions.key("default-database")
            .stringType()
            .defaultValue("default")
            .withDescription("The database listing the streams.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = MillraceOptions.BOOTSTRAP_SERVERS;
    public static final ConfigOption<String> TOPIC_PREFIX = MillraceOptions.TOPIC_PREFIX;
    public static final ConfigOption<String> METADATA_TOPIC = MillraceOptions.METADATA_TOPIC;
    public static final ConfigOption<MillraceOptions.StartupMode> SCAN_STARTUP_MODE = MillraceOptions.SCAN_STARTUP_MODE;

    public static final ConfigOption<Duration> WATERMARK_DELAY = ConfigOptions.key("watermark-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Watermark of stream tables: approximate_arrival_timestamp minus this delay. Arrival "
                    + "times are stamped by the gateway and nearly ordered within a shard, so a small delay suffices.");
}
