package io.millrace.gateway.http;

/** A listener of the gateway could not open its port (most often: another process holds it). */
public final class ListenerException extends RuntimeException {

    private final int port;

    ListenerException(String bindAddress, int port, Throwable cause) {
        super("cannot listen on " + bindAddress + ":" + port + ": " + cause, cause);
        this.port = port;
    }

    /** The port as configured. */
    public int port() {
        return port;
    }
}
