package io.millrace.kinesis.storage;

import java.util.Arrays;

/**
 * Records of one GetRecords answer as fetched, without an object per record: offsets, timestamps and where each
 * key and value lies in the fetched (or decompressed) bytes, in parallel arrays. The fetch path walks record batches
 * into it and the answer writers read it; the bytes it points into are the fetch's own, valid while this run is
 * referenced, never to be written. A key or value length of -1 is an absent one (Kafka's null).
 */
public final class RecordRun {

    private long[] offsets;
    private long[] timestamps;
    private byte[][] arrays;
    private int[] keyAt;
    private int[] keyLength;
    private int[] valueAt;
    private int[] valueLength;
    private int size;
    private long bytes;

    public RecordRun(int capacity) {
        int initial = Math.max(16, Math.min(capacity, 10_000));
        offsets = new long[initial];
        timestamps = new long[initial];
        arrays = new byte[initial][];
        keyAt = new int[initial];
        keyLength = new int[initial];
        valueAt = new int[initial];
        valueLength = new int[initial];
    }

    public void add(long offset, long timestamp, byte[] array, int keyStart, int keyLen, int valueStart, int valueLen) {
        if (size == offsets.length) {
            grow();
        }
        offsets[size] = offset;
        timestamps[size] = timestamp;
        arrays[size] = array;
        keyAt[size] = keyStart;
        keyLength[size] = keyLen;
        valueAt[size] = valueStart;
        valueLength[size] = valueLen;
        size++;
        bytes += Math.max(0, keyLen) + Math.max(0, valueLen);
    }

    private void grow() {
        int length = offsets.length * 2;
        offsets = Arrays.copyOf(offsets, length);
        timestamps = Arrays.copyOf(timestamps, length);
        arrays = Arrays.copyOf(arrays, length);
        keyAt = Arrays.copyOf(keyAt, length);
        keyLength = Arrays.copyOf(keyLength, length);
        valueAt = Arrays.copyOf(valueAt, length);
        valueLength = Arrays.copyOf(valueLength, length);
    }

    public int size() {
        return size;
    }

    /** Keys and values of the records, as GetRecords counts read bytes. */
    public long bytes() {
        return bytes;
    }

    public long offset(int i) {
        return offsets[i];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    /** The bytes that record {@code i}'s key and value lie in. */
    public byte[] array(int i) {
        return arrays[i];
    }

    public int keyAt(int i) {
        return keyAt[i];
    }

    /** -1 for an absent key. */
    public int keyLength(int i) {
        return keyLength[i];
    }

    public int valueAt(int i) {
        return valueAt[i];
    }

    /** -1 for an absent value. */
    public int valueLength(int i) {
        return valueLength[i];
    }
}
