package io.millrace.console.session;

import io.millrace.gateway.access.Principal;
import java.time.Instant;

/** A signed-in console user: the principal its calls are authorized as, and the token its forms must carry. */
public record Session(String id, Principal principal, String csrfToken, Instant expiresAt) {}
