package io.millrace.gateway.store;

/** A compare-and-set lost the race: another write reached the log first. Re-read and decide again. */
public final class VersionConflictException extends RuntimeException {

    public VersionConflictException(String key) {
        super(key + " changed concurrently", null, false, false);
    }
}
