package io.millrace.gateway.access;

import java.util.Locale;

/** Whether the gateway checks who calls it. */
public enum AuthMode {
    /**
     * For a laptop: any signature or none is accepted and every caller may do everything; a known key's signature
     * still names its principal.
     */
    OPEN,
    /**
     * Every request carries a valid SigV4 signature of a known key and is authorized against the policies that
     * apply to it.
     */
    SIGNED;

    public static AuthMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
