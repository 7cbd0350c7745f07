package io.millrace.analytics.table;

import static io.millrace.analytics.table.MillraceOptions.BOOTSTRAP_SERVERS;
import static io.millrace.analytics.table.MillraceOptions.METADATA_TOPIC;
import static io.millrace.analytics.table.MillraceOptions.PROPERTIES_PREFIX;
import static io.millrace.analytics.table.MillraceOptions.SCAN_BOUNDED_MODE;
import static io.millrace.analytics.table.MillraceOptions.SCAN_BOUNDED_TIMESTAMP_MILLIS;
import static io.millrace.analytics.table.MillraceOptions.SCAN_SHARD_DISCOVERY_INTERVAL;
import static io.millrace.analytics.table.MillraceOptions.SCAN_STARTUP_MODE;
import static io.millrace.analytics.table.MillraceOptions.SCAN_STARTUP_TIMESTAMP_MILLIS;
import static io.millrace.analytics.table.MillraceOptions.SESSION_BOOTSTRAP_SERVERS;
import static io.millrace.analytics.table.MillraceOptions.SINK_DELIVERY_GUARANTEE;
import static io.millrace.analytics.table.MillraceOptions.SINK_PARTITION_KEY_FIELD;
import static io.millrace.analytics.table.MillraceOptions.SINK_SHARD_MAP_REFRESH_INTERVAL;
import static io.millrace.analytics.table.MillraceOptions.SINK_TRANSACTIONAL_ID_PREFIX;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_ACCESS_KEY_ID;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_ENDPOINT;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_REGION;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_SECRET_ACCESS_KEY;
import static io.millrace.analytics.table.MillraceOptions.STREAM;
import static io.millrace.analytics.table.MillraceOptions.TOPIC_PREFIX;

import io.millrace.analytics.access.JobKafka;
import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.kinesis.model.TopicNames;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

/** {@code 'connector' = 'millrace'}: a Millrace stream as a Flink table, readable and writable. */
public final class MillraceDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "millrace";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(STREAM, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                BOOTSTRAP_SERVERS,
                TOPIC_PREFIX,
                METADATA_TOPIC,
                SCAN_STARTUP_MODE,
                SCAN_STARTUP_TIMESTAMP_MILLIS,
                SCAN_BOUNDED_MODE,
                SCAN_BOUNDED_TIMESTAMP_MILLIS,
                SCAN_SHARD_DISCOVERY_INTERVAL,
                SSE_KMS_ENDPOINT,
                SSE_KMS_REGION,
                SSE_KMS_ACCESS_KEY_ID,
                SSE_KMS_SECRET_ACCESS_KEY,
                SINK_PARTITION_KEY_FIELD,
                SINK_SHARD_MAP_REFRESH_INTERVAL,
                SINK_DELIVERY_GUARANTEE,
                SINK_TRANSACTIONAL_ID_PREFIX,
                FactoryUtil.SINK_PARALLELISM,
                FactoryUtil.WATERMARK_EMIT_STRATEGY,
                FactoryUtil.WATERMARK_ALIGNMENT_GROUP,
                FactoryUtil.WATERMARK_ALIGNMENT_MAX_DRIFT,
                FactoryUtil.WATERMARK_ALIGNMENT_UPDATE_INTERVAL,
                FactoryUtil.SOURCE_IDLE_TIMEOUT);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        String stream = options.get(STREAM);
        SourceSettings settings = new SourceSettings(
                stream,
                TopicNames.natural(options.get(TOPIC_PREFIX), stream),
                bootstrapServers(options, context),
                kafkaProperties(context),
                options.get(METADATA_TOPIC),
                options.get(SCAN_STARTUP_MODE),
                required(
                        options,
                        SCAN_STARTUP_TIMESTAMP_MILLIS,
                        options.get(SCAN_STARTUP_MODE) == MillraceOptions.StartupMode.AT_TIMESTAMP),
                options.get(SCAN_BOUNDED_MODE),
                required(
                        options,
                        SCAN_BOUNDED_TIMESTAMP_MILLIS,
                        options.get(SCAN_BOUNDED_MODE) == MillraceOptions.BoundedMode.AT_TIMESTAMP),
                options.get(SCAN_SHARD_DISCOVERY_INTERVAL),
                KmsSettings.of(options, context.getConfiguration()),
                // Session options only: the application service sets them for the job; a table cannot name its own.
                RoleAccess.from(context.getConfiguration()).orElse(null));
        MillraceTableSource source = new MillraceTableSource(settings, format, context.getPhysicalRowDataType());
        requireStream(
                stream, settings.bootstrapServers(), settings.kafkaProperties(), settings.metadataTopic(), context);
        return source;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        DeliveryGuarantee guarantee = options.get(SINK_DELIVERY_GUARANTEE);
        SinkSettings settings = new SinkSettings(
                options.get(STREAM),
                bootstrapServers(options, context),
                kafkaProperties(context),
                options.get(METADATA_TOPIC),
                options.get(SINK_PARTITION_KEY_FIELD),
                options.get(SINK_SHARD_MAP_REFRESH_INTERVAL),
                guarantee,
                guarantee == DeliveryGuarantee.EXACTLY_ONCE
                        ? requiredString(options, SINK_TRANSACTIONAL_ID_PREFIX)
                        : options.get(SINK_TRANSACTIONAL_ID_PREFIX),
                // The same KMS settings as a source's: data keys for an encrypted stream come from there.
                KmsSettings.of(options, context.getConfiguration()),
                // Session options only, as for the source.
                RoleAccess.from(context.getConfiguration()).orElse(null));
        MillraceTableSink sink = new MillraceTableSink(
                settings,
                format,
                context.getPhysicalRowDataType(),
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
        requireStream(
                settings.stream(),
                settings.bootstrapServers(),
                settings.kafkaProperties(),
                settings.metadataTopic(),
                context);
        return sink;
    }

    /**
     * A table whose stream does not exist is refused when a query or INSERT using it is planned, naming the stream:
     * a job submitted anyway would fail and restart forever (an application would show RUNNING meanwhile).
     */
    private static void requireStream(
            String stream,
            String bootstrapServers,
            Map<String, String> kafkaProperties,
            String metadataTopic,
            Context context) {
        if (new StreamMetadataReader(bootstrapServers, kafkaProperties, metadataTopic)
                .read(stream)
                .isEmpty()) {
            throw new ValidationException("Stream " + stream + " of Millrace table " + context.getObjectIdentifier()
                    + " does not exist (CreateStream first)");
        }
    }

    /**
     * The job's Kafka identity first ({@link JobKafka}, a session option the application service sets, which a
     * table cannot name), then the table's {@code bootstrap.servers}, then the session default.
     */
    private static String bootstrapServers(ReadableConfig options, Context context) {
        Optional<JobKafka> identity = JobKafka.from(context.getConfiguration());
        if (identity.isPresent()) {
            return identity.get().bootstrapServers();
        }
        return options.getOptional(BOOTSTRAP_SERVERS)
                .or(() -> context.getConfiguration().getOptional(SESSION_BOOTSTRAP_SERVERS))
                .orElseThrow(() -> new ValidationException("Millrace table " + context.getObjectIdentifier()
                        + " needs 'bootstrap.servers' (or the session option '" + SESSION_BOOTSTRAP_SERVERS.key()
                        + "')"));
    }

    /** The table's {@code properties.*}, with the job's Kafka identity's SASL settings over them when it has one. */
    private static Map<String, String> kafkaProperties(Context context) {
        Map<String, String> properties = new TreeMap<>();
        context.getCatalogTable().getOptions().forEach((key, value) -> {
            if (key.startsWith(PROPERTIES_PREFIX)) {
                properties.put(key.substring(PROPERTIES_PREFIX.length()), value);
            }
        });
        JobKafka.from(context.getConfiguration())
                .ifPresent(identity -> properties.putAll(identity.securityProperties()));
        return properties;
    }

    private static Long required(ReadableConfig options, ConfigOption<Long> option, boolean needed) {
        if (needed && options.getOptional(option).isEmpty()) {
            throw new ValidationException("option '" + option.key() + "' is required by the chosen mode");
        }
        return options.getOptional(option).orElse(null);
    }

    private static String requiredString(ReadableConfig options, ConfigOption<String> option) {
        return options.getOptional(option)
                .orElseThrow(() ->
                        new ValidationException("option '" + option.key() + "' is required for exactly-once delivery"));
    }
}
