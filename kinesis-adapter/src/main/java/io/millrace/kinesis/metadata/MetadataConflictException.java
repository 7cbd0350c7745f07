package io.millrace.kinesis.metadata;

/** A metadata write lost the race: another writer changed the same entry first. Re-read and decide again. */
public final class MetadataConflictException extends RuntimeException {

    public MetadataConflictException(String message) {
        super(message, null, false, false);
    }
}
