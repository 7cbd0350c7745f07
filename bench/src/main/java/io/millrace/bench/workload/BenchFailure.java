package io.millrace.bench.workload;

/** A run that cannot go on (endpoint unreachable, stream never ACTIVE, ...); the message is for the user. */
public final class BenchFailure extends RuntimeException {

    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
