package io.millrace.firehose.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The delivery stream a task delivers for: its name and version, part of every object key. */
public final class StreamKeys {
    static final String GROUP = "Delivery stream";

    public static final String DELIVERY_STREAM_NAME = "firehose.delivery.stream.name";
    public static final String DELIVERY_STREAM_VERSION = "firehose.delivery.stream.version";
    /** botocore: DeliveryStreamName is 1 to 64 characters of [a-zA-Z0-9_.-]. */
    public static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

    private StreamKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        DELIVERY_STREAM_NAME,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        (name, value) -> {
                            if (value == null
                                    || !STREAM_NAME.matcher(value.toString()).matches()) {
                                throw new ConfigException(name, value, "1 to 64 characters of [a-zA-Z0-9_.-]");
                            }
                        },
                        Importance.HIGH,
                        "DeliveryStreamName: the name object keys start with.",
                        GROUP,
                        1,
                        ConfigDef.Width.MEDIUM,
                        "Delivery stream name")
                .define(
                        DELIVERY_STREAM_VERSION,
                        Type.INT,
                        1,
                        Range.atLeast(1),
                        Importance.LOW,
                        "The delivery stream's version id, part of every object key; the Firehose API raises it on "
                                + "each UpdateDestination.",
                        GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "Version");
    }
}
