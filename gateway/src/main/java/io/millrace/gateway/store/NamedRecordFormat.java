package io.millrace.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The format of a service's named values: key {@code <prefix><name>}, the name, version and incarnation read from
 * the value itself, the bytes from the service's own encoder and decoder (for Avro values, single-object encoding
 * and the schema history). A value stored under a key that is not its name's loses.
 */
public final class NamedRecordFormat<V> implements RecordFormat<V> {

    /** Writes a value as this release does. */
    @FunctionalInterface
    public interface Encoder<V> {
        ByteBuffer encode(V value) throws IOException;
    }

    /** Reads a value written by this release or an earlier one. */
    @FunctionalInterface
    public interface Decoder<V> {
        V decode(ByteBuffer bytes) throws IOException;
    }

    private final String keyPrefix;
    private final Encoder<V> encoder;
    private final Decoder<V> decoder;
    private final Function<V, String> name;
    private final ToLongFunction<V> version;
    private final Function<V, String> incarnation;

    /** @param incarnation null for a value that has none (see {@link RecordFormat#incarnation}) */
    public NamedRecordFormat(
            String keyPrefix,
            Encoder<V> encoder,
            Decoder<V> decoder,
            Function<V, String> name,
            ToLongFunction<V> version,
            Function<V, String> incarnation) {
        this.keyPrefix = keyPrefix;
        this.encoder = encoder;
        this.decoder = decoder;
        this.name = name;
        this.version = version;
        this.incarnation = incarnation;
    }

    public String key(String valueName) {
        return keyPrefix + valueName;
    }

    /** The name in a key this format owns. */
    public String name(String key) {
        return key.substring(keyPrefix.length());
    }

    @Override
    public boolean owns(String key) {
        return key.startsWith(keyPrefix);
    }

    @Override
    public ByteBuffer encode(V value) throws IOException {
        return encoder.encode(value);
    }

    @Override
    public V decode(ByteBuffer bytes) throws IOException {
        return decoder.decode(bytes);
    }

    @Override
    public long version(V value) {
        return version.applyAsLong(value);
    }

    @Override
    public String incarnation(V value) {
        return incarnation.apply(value);
    }

    @Override
    public boolean fits(String key, V value) {
        return key.equals(key(name.apply(value)));
    }
}
