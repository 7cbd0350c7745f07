package io.millrace.analytics.firehose;

import static io.millrace.analytics.table.MillraceOptions.BOOTSTRAP_SERVERS;
import static io.millrace.analytics.table.MillraceOptions.PROPERTIES_PREFIX;
import static io.millrace.analytics.table.MillraceOptions.SESSION_BOOTSTRAP_SERVERS;
import static io.millrace.analytics.table.MillraceOptions.SINK_DELIVERY_GUARANTEE;
import static io.millrace.analytics.table.MillraceOptions.SINK_TRANSACTIONAL_ID_PREFIX;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.WriteGuard;
import io.millrace.analytics.table.GuardedSinkProvider;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;

/**
 * {@code 'connector' = 'millrace-firehose'}: rows encoded with the table's format into a DirectPut delivery stream;
 * with the job's role ({@code millrace.access.*}), written only while the role may {@code firehose:PutRecordBatch}.
 */
public final class FirehoseTableFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "millrace-firehose";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(FirehoseOptions.DELIVERY_STREAM, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                BOOTSTRAP_SERVERS,
                FirehoseOptions.METADATA_TOPIC,
                SINK_DELIVERY_GUARANTEE,
                SINK_TRANSACTIONAL_ID_PREFIX,
                FactoryUtil.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validateExcept(PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        DeliveryGuarantee guarantee = options.get(SINK_DELIVERY_GUARANTEE);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && options.getOptional(SINK_TRANSACTIONAL_ID_PREFIX).isEmpty()) {
            throw new ValidationException(
                    "option '" + SINK_TRANSACTIONAL_ID_PREFIX.key() + "' is required for exactly-once delivery");
        }
        FirehoseSinkSettings settings = new FirehoseSinkSettings(
                options.get(FirehoseOptions.DELIVERY_STREAM),
                options.getOptional(BOOTSTRAP_SERVERS)
                        .or(() -> context.getConfiguration().getOptional(SESSION_BOOTSTRAP_SERVERS))
                        .orElseThrow(() -> new ValidationException("Firehose table " + context.getObjectIdentifier()
                                + " needs 'bootstrap.servers' (or the session option '"
                                + SESSION_BOOTSTRAP_SERVERS.key() + "')")),
                kafkaProperties(context),
                options.get(FirehoseOptions.METADATA_TOPIC),
                guarantee,
                options.getOptional(SINK_TRANSACTIONAL_ID_PREFIX).orElse(null),
                RoleAccess.from(context.getConfiguration()).orElse(null));
        return new TableSink(
                settings,
                format,
                context.getPhysicalRowDataType(),
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    private static Map<String, String> kafkaProperties(Context context) {
        Map<String, String> properties = new TreeMap<>();
        context.getCatalogTable().getOptions().forEach((key, value) -> {
            if (key.startsWith(PROPERTIES_PREFIX)) {
                properties.put(key.substring(PROPERTIES_PREFIX.length()), value);
            }
        });
        return properties;
    }

    /** Firehose records are appended: the sink takes inserts only, each row one record. */
    private record TableSink(
            FirehoseSinkSettings settings,
            EncodingFormat<SerializationSchema<RowData>> format,
            DataType physicalType,
            Integer parallelism)
            implements DynamicTableSink {

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return ChangelogMode.insertOnly();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            // In signed mode a guard operator in front of the writer asks firehose:PutRecordBatch as the role, at open,
            // per row and on a timer while idle, as the millrace sink asks kinesis:PutRecords.
            return GuardedSinkProvider.of(
                    FirehoseSinks.create(settings, format.createRuntimeEncoder(context, physicalType), null),
                    settings.access() == null
                            ? null
                            : WriteGuard.ofDeliveryStream(settings.access(), settings.deliveryStream()),
                    parallelism);
        }

        @Override
        public DynamicTableSink copy() {
            return new TableSink(settings, format, physicalType, parallelism);
        }

        @Override
        public String asSummaryString() {
            return "Firehose delivery stream " + settings.deliveryStream();
        }
    }
}
