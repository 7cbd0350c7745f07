package io.millrace.analytics.table;

import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import java.nio.charset.StandardCharsets;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Metadata columns of a Millrace record, named as the Kinesis Record fields. */
public enum ReadableMetadata {
    PARTITION_KEY("partition_key", DataTypes.STRING().nullable()) {
        @Override
        Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards) {
            return record.key() == null
                    ? null
                    : StringData.fromString(new String(record.key(), StandardCharsets.UTF_8));
        }
    },
    SHARD_ID("shard_id", DataTypes.STRING().notNull()) {
        @Override
        Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards) {
            return StringData.fromString(ShardId.format(record.partition()));
        }
    },
    APPROXIMATE_ARRIVAL_TIMESTAMP(
            "approximate_arrival_timestamp", DataTypes.TIMESTAMP_LTZ(3).notNull()) {
        @Override
        Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards) {
            return TimestampData.fromEpochMillis(record.timestamp());
        }
    },
    /** Kafka offset within the shard: orders records like the sequence number the gateway derives from it. */
    OFFSET("offset", DataTypes.BIGINT().notNull()) {
        @Override
        Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards) {
            return record.offset();
        }
    },
    /** The record's sequence number exactly as GetRecords and PutRecord show it. */
    SEQUENCE_NUMBER("sequence_number", DataTypes.STRING().notNull()) {
        @Override
        Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards) {
            return StringData.fromString(SequenceNumber.format(
                    shards.createdSeconds(record.partition()),
                    record.partition(),
                    record.offset(),
                    record.timestamp() / 1000));
        }
    };

    final String key;
    final DataType type;

    ReadableMetadata(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    abstract Object read(ConsumerRecord<byte[], byte[]> record, ShardCreationTimes shards);

    public String key() {
        return key;
    }

    public DataType type() {
        return type;
    }

    static ReadableMetadata ofKey(String key) {
        for (ReadableMetadata m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metadata column " + key);
    }
}
