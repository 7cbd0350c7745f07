package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;

/**
 * The open body of an event-stream response. Payloads are encoded like the request (CBOR or JSON 1.1) and framed
 * as event-stream messages. Writes may come from any one thread; they reach the client in call order.
 */
public interface EventSink {

    /** Sends an {@code event} message of type {@code eventType}. */
    void event(String eventType, JsonNode payload);

    /** Sends an {@code exception} message and ends the stream: errors after the response started go in-band. */
    void fail(ApiException error);

    /** Ends the stream normally. Idempotent. */
    void end();

    /** False once the client went away or the stream ended. */
    boolean isOpen();

    /**
     * Waits until the connection can take more data (the client's HTTP/2 flow-control window is open), at most
     * {@code timeoutMillis}; returns whether it can. Producers call it between events so that a slow client slows
     * the reader rather than filling the server's memory.
     */
    boolean awaitWritable(long timeoutMillis) throws InterruptedException;

    /** Runs {@code action} once when the stream ends for any reason (including the client closing it). */
    void onClose(Runnable action);
}
