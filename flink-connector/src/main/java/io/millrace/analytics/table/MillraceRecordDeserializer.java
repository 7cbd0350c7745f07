package io.millrace.analytics.table;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes the data blob with the table's format and appends the requested metadata columns. */
final class MillraceRecordDeserializer implements KafkaRecordDeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<RowData> valueDecoder;
    private final int physicalArity;
    private final RowData.FieldGetter[] physicalGetters;
    private final ReadableMetadata[] metadata;
    private final TypeInformation<RowData> producedType;
    private final ShardCreationTimes shards;

    MillraceRecordDeserializer(
            DeserializationSchema<RowData> valueDecoder,
            RowData.FieldGetter[] physicalGetters,
            List<ReadableMetadata> metadata,
            TypeInformation<RowData> producedType,
            ShardCreationTimes shards) {
        this.shards = shards;
        this.valueDecoder = valueDecoder;
        this.physicalGetters = physicalGetters;
        this.physicalArity = physicalGetters.length;
        this.metadata = metadata.toArray(new ReadableMetadata[0]);
        this.producedType = producedType;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        valueDecoder.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RowData> out) throws IOException {
        if (record.value() == null) {
            // A null blob cannot come from PutRecord (Data is required); skip it rather than fail the job.
            return;
        }
        valueDecoder.deserialize(record.value(), new Collector<>() {
            @Override
            public void collect(RowData physical) {
                out.collect(withMetadata(physical, record));
            }

            @Override
            public void close() {}
        });
    }

    private RowData withMetadata(RowData physical, ConsumerRecord<byte[], byte[]> record) {
        GenericRowData row = new GenericRowData(physical.getRowKind(), physicalArity + metadata.length);
        for (int i = 0; i < physicalArity; i++) {
            row.setField(i, physicalGetters[i].getFieldOrNull(physical));
        }
        for (int i = 0; i < metadata.length; i++) {
            row.setField(physicalArity + i, metadata[i].read(record, shards));
        }
        return row;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }
}
