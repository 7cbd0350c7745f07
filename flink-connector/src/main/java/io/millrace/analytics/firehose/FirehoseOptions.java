package io.millrace.analytics.firehose;

import io.millrace.analytics.metadata.DeliveryStreamMetadataReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of the {@code 'connector' = 'millrace-firehose'} table sink that are its own; {@code bootstrap.servers},
 * {@code format}, {@code sink.delivery-guarantee}, {@code sink.transactional-id-prefix}, {@code sink.parallelism}
 * and {@code properties.*} are the {@code millrace} connector's (see {@code MillraceOptions}).
 */
public final class FirehoseOptions {

    private FirehoseOptions() {}

    public static final ConfigOption<String> DELIVERY_STREAM = ConfigOptions.key("delivery-stream")
            .stringType()
            .noDefaultValue()
            .withDescription("Name of the DirectPut Firehose delivery stream to write to.");

    public static final ConfigOption<String> METADATA_TOPIC = ConfigOptions.key("metadata-topic")
            .stringType()
            .defaultValue(DeliveryStreamMetadataReader.DEFAULT_TOPIC)
            .withDescription("Compacted topic holding the delivery stream metadata written by the Firehose gateway.");
}
