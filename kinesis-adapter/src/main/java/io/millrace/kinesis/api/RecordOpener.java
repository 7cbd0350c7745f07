package io.millrace.kinesis.api;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.model.sse.StreamCipher;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns the encrypted records of a read (GetRecords, SubscribeToShard) back into the data that was put, before they
 * are encoded; the header {@link RecordEnvelope#HEADER} stays on them so the answer marks them {@code KMS}. Records
 * without it were written unencrypted and pass as they are: a stream keeps what it held before encryption started.
 */
public final class RecordOpener {

    private RecordOpener() {}

    /**
     * @param wrap how a decrypted value is held in the records of this read ({@code ByteBuffer::wrap} or as is)
     * @throws ApiException the KMS error of the stream's key (disabled, pending deletion, missing), or an internal
     *     failure for a record that fails authentication
     */
    public static <K, V> List<ConsumerRecord<K, V>> open(
            KinesisBackend backend, List<ConsumerRecord<K, V>> records, Function<byte[], V> wrap) {
        List<ConsumerRecord<K, V>> opened = null;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<K, V> record = records.get(i);
            Header header = record.headers().lastHeader(RecordEnvelope.HEADER);
            if (header == null) {
                if (opened != null) {
                    opened.add(record);
                }
                continue;
            }
            if (opened == null) {
                opened = new ArrayList<>(records.subList(0, i));
            }
            byte[] data = decrypt(backend.requireCipher(), record, header.value());
            opened.add(new ConsumerRecord<>(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    record.timestampType(),
                    record.serializedKeySize(),
                    data.length,
                    record.key(),
                    wrap.apply(data),
                    record.headers(),
                    record.leaderEpoch()));
        }
        return opened == null ? records : opened;
    }

    private static byte[] decrypt(StreamCipher cipher, ConsumerRecord<?, ?> record, byte[] header) {
        ByteBuffer value = buffer(record.value());
        try {
            RecordEnvelope.Parsed parsed = RecordEnvelope.parse(header);
            if (parsed.shard() != record.partition()
                    || !ByteBuffer.wrap(parsed.partitionKey()).equals(buffer(record.key()))) {
                throw new GeneralSecurityException("header names another shard or partition key");
            }
            byte[] array = value.hasArray() ? value.array() : copy(value);
            int offset = value.hasArray() ? value.arrayOffset() + value.position() : 0;
            return cipher.open(record.topic(), header, array, offset, value.remaining());
        } catch (KeyException e) {
            throw KinesisErrors.kms(e);
        } catch (GeneralSecurityException e) {
            throw ApiException.internalFailure("The record at " + ShardId.format(record.partition()) + " offset "
                    + record.offset() + " fails authentication: " + e.getMessage());
        }
    }

    private static ByteBuffer buffer(Object keyOrValue) {
        if (keyOrValue == null) {
            return ByteBuffer.allocate(0);
        }
        return keyOrValue instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : ((ByteBuffer) keyOrValue).duplicate();
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
