package io.millrace.gateway.access;

import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway knows of a request beyond its body, for the global condition keys: {@code aws:SourceIp},
 * {@code aws:SecureTransport}, {@code aws:CurrentTime} (and {@code aws:EpochTime}), {@code aws:UserAgent}, and
 * {@code aws:RequestedRegion} (the region the request was signed for).
 */
public record RequestContext(
        String sourceIp, boolean secureTransport, Instant currentTime, String userAgent, String region) {

    public RequestContext {
        Objects.requireNonNull(currentTime, "currentTime");
    }
}
