package io.millrace.console.session;

import io.millrace.gateway.access.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sign-in sessions, in this gateway process's memory: a random id, sent as a cookie value signed with
 * a key of the process (HMAC-SHA256), so that a forged or altered cookie is refused before any lookup. A session
 * lasts {@link #LIFETIME} from sign-in, like the AWS console's default of 12 hours; a restart signs everyone out.
 */
public final class Sessions {

    public static final String COOKIE = "millrace_console";
    public static final Duration LIFETIME = Duration.ofHours(12);

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
        random.nextBytes(key);
    }

    /** Starts a session for {@code principal}; returns it with the cookie value that names it. */
    public Session start(Principal principal) {
        sessions.values().removeIf(s -> s.expiresAt().isBefore(clock.instant()));
        Session session =
                new Session(token(), principal, token(), clock.instant().plus(LIFETIME));
        sessions.put(session.id(), session);
        return session;
    }

    /** The cookie value of a session: its id and the id's signature. */
    public String cookieValue(Session session) {
        return session.id() + "." + sign(session.id());
    }

    /** The live session a cookie value names, if its signature holds. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String id = cookieValue.substring(0, dot);
        byte[] given = cookieValue.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(id).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.ofNullable(sessions.get(id)).filter(s -> s.expiresAt().isAfter(clock.instant()));
    }

    public void end(Session session) {
        sessions.remove(session.id());
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String sign(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
