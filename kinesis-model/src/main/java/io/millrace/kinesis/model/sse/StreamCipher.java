package io.millrace.kinesis.model.sse;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of a stream's records with data keys from a {@link KeyService}, cached so that the record
 * path calls the key service once per stream and period, not per record. Writers use one data key per topic and KMS
 * key for {@code period} (AWS Kinesis reuses a data key for about five minutes, "Data Key Caching"); readers keep
 * the data keys they unwrapped for the same period, so a disabled or deleted KMS key stops reads and writes at most
 * one period later, and they resume once it is enabled again. Both caches are bounded (least recently used out).
 */
public final class StreamCipher {

    private final KeyService keys;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Cached<DataKey>> writing;
    private final Map<ByteBuffer, Cached<SecretKey>> reading;

    public StreamCipher(KeyService keys, Duration period, int maxKeys, LongSupplier nanoClock) {
        this.keys = keys;
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.writing = bounded(maxKeys);
        this.reading = bounded(maxKeys);
    }

    public KeyService keys() {
        return keys;
    }

    /** An encrypted record: its Kafka header {@link RecordEnvelope#HEADER} and value. */
    public record Sealed(byte[] header, byte[] value, String keyArn) {}

    public Sealed seal(String keyId, String topic, int shard, byte[] partitionKey, byte[] data) throws KeyException {
        Cached<DataKey> current = dataKey(keyId, topic);
        byte[] header =
                RecordEnvelope.header(shard, partitionKey, current.value().wrapped());
        try {
            return new Sealed(
                    header,
                    RecordEnvelope.seal(current.key(), topic, header, data),
                    current.value().keyArn());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt", e);
        }
    }

    /**
     * The plaintext of a record of {@code topic} carrying {@code header}.
     *
     * @throws GeneralSecurityException when the record does not authenticate (altered, moved, or not an envelope)
     * @throws KeyException when the key service refuses to unwrap its data key
     */
    public byte[] open(String topic, byte[] header, byte[] sealed, int offset, int length)
            throws GeneralSecurityException, KeyException {
        RecordEnvelope.Parsed parsed = RecordEnvelope.parse(header);
        return RecordEnvelope.open(unwrap(parsed.wrappedKey()), topic, header, sealed, offset, length);
    }

    private Cached<DataKey> dataKey(String keyId, String topic) throws KeyException {
        String slot = topic + '\0' + keyId;
        long now = nanoClock.getAsLong();
        Cached<DataKey> cached;
        synchronized (writing) {
            cached = writing.get(slot);
        }
        if (cached != null && now - cached.since() < periodNanos) {
            return cached;
        }
        DataKey fresh = keys.generateDataKey(keyId);
        Cached<DataKey> made = new Cached<>(fresh, aes(fresh.plaintext()), now);
        synchronized (writing) {
            writing.put(slot, made);
        }
        return made;
    }

    private SecretKey unwrap(byte[] wrapped) throws KeyException {
        ByteBuffer slot = ByteBuffer.wrap(wrapped);
        long now = nanoClock.getAsLong();
        Cached<SecretKey> cached;
        synchronized (reading) {
            cached = reading.get(slot);
        }
        if (cached != null && now - cached.since() < periodNanos) {
            return cached.key();
        }
        SecretKey key = aes(keys.decrypt(wrapped));
        synchronized (reading) {
            reading.put(slot, new Cached<>(key, key, now));
        }
        return key;
    }

    private static SecretKey aes(byte[] material) throws KeyException {
        if (material.length != 32) {
            throw new KeyException(KeyException.Reason.INVALID_CIPHERTEXT, "The data key is not an AES-256 key.");
        }
        return new SecretKeySpec(material, "AES");
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    private record Cached<T>(T value, SecretKey key, long since) {}
}
