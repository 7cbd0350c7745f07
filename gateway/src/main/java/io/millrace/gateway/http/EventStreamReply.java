package io.millrace.gateway.http;

/**
 * What an action answers when its response is an event stream ({@code application/vnd.amazon.eventstream}, as
 * SubscribeToShard's is) rather than one body. The action returns it wrapped in a POJO node, so services keep the
 * one {@code handle} contract; everything the action validates before returning it still fails as an ordinary
 * AWS error response. Once the response headers are on their way, {@link #start} is called exactly once.
 */
public interface EventStreamReply {

    /** Starts pushing events into {@code sink}; must not block the calling (network) thread. */
    void start(EventSink sink);
}
