package io.millrace.kinesis;

import io.millrace.kinesis.config.KinesisAdapterConfig;

/**
 * One Kinesis endpoint process: the HTTP server and the Kafka clients behind it. Stateless: every piece of state
 * lives in Kafka, so several gateways can serve the same cluster side by side.
 */
public final class KinesisGateway implements AutoCloseable {

    private final int port;

    private KinesisGateway(int port) {
        this.port = port;
    }

    /** Starts the endpoint and returns once it answers requests. */
    public static KinesisGateway start(KinesisAdapterConfig config) throws Exception {
        throw new UnsupportedOperationException("wiring lands with the API");
    }

    /** The port the endpoint listens on (the bound one when the configuration asked for 0). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
    }
}
