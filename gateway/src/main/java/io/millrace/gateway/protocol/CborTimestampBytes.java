package io.millrace.gateway.protocol;

/**
 * A CBOR timestamp serializer of the codec that also puts its bytes into an array, the same bytes it writes through
 * the generator: an encoder that writes whole records as bytes (GetRecords' {@code Records}, up to 10,000
 * timestamps in an answer) then needs no {@code Instant} and none of the generator's per-value checks.
 */
public interface CborTimestampBytes {

    /** The longest form: tag 1 and a number of 8 bytes after its initial byte. */
    int MAX_BYTES = 10;

    /** Writes the timestamp of {@code epochMillis} at {@code at}; answers the position after it. */
    int write(long epochMillis, byte[] out, int at);
}
