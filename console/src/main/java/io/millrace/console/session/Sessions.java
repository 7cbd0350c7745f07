package io.millrace.console.session;

import io.millrace.gateway.access.Principal;
import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.console.ConsoleSessionRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The console's sign-in sessions, in a compacted topic every gateway tails, so that a user signed in on one gateway
 * is signed in on every gateway behind the same load balancer, and signed out of all of them at once. The cookie
 * holds a random 256-bit id; the topic holds only its SHA-256 (key {@code session/<digest>}), so whoever reads the
 * topic cannot take a session over. A session lasts {@link #LIFETIME} from sign-in, like the AWS console's default
 * of 12 hours.
 */
public final class Sessions {

    public static final String COOKIE = "millrace_console";
    public static final Duration LIFETIME = Duration.ofHours(12);

    /** The entry holding open mode's form token, one for the whole cluster. */
    static final String OPEN_MODE = "open-mode";

    static final NamedRecordFormat<ConsoleSessionRecord> FORMAT = new NamedRecordFormat<>(
            "session/",
            ConsoleSessionRecord::toByteBuffer,
            MetadataDecoders::consoleSession,
            ConsoleSessionRecord::getIdDigest,
            // A session never changes: written once, then removed.
            session -> 1,
            session -> null);

    /** 32 random bytes in URL-safe base64 without padding. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final Duration OPEN_MODE_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final SecureRandom random = new SecureRandom();
    private final VersionedStore<ConsoleSessionRecord> store;
    private final Clock clock;

    /** Adds the sessions' key space to {@code topic}; start the topic afterwards. */
    public Sessions(VersionedTopic topic, Clock clock) {
        this.store = topic.keySpace(FORMAT);
        this.clock = clock;
    }

    /** Starts a session for {@code principal}: completes once the session is in the topic and known here. */
    public CompletableFuture<Session> start(Principal principal) {
        String id = token();
        Instant now = clock.instant();
        ConsoleSessionRecord record = ConsoleSessionRecord.newBuilder()
                .setIdDigest(digest(id))
                .setArn(principal.arn())
                .setPrincipalArn(principal.principalArn())
                .setAccountId(principal.accountId())
                .setUserId(principal.userId())
                .setUsername(principal.username())
                .setPrincipalType(principal.type().name())
                .setCsrfToken(token())
                .setCreatedAtMillis(now.toEpochMilli())
                .setExpiresAtMillis(now.plus(LIFETIME).toEpochMilli())
                .build();
        return store.write(FORMAT.key(record.getIdDigest()), record).thenApply(written -> session(id, written));
    }

    /** The value of the cookie that names {@code session}. */
    public String cookieValue(Session session) {
        return session.id();
    }

    /**
     * The live session a cookie names. A session started on another gateway a moment ago may not be applied here yet
     * (the user's next request can reach any gateway): on a miss, this gateway catches up with the topic once and
     * looks again. Only a well-formed id gets that far.
     */
    public CompletableFuture<Optional<Session>> find(String cookieValue) {
        if (cookieValue == null || !ID.matcher(cookieValue).matches()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String key = FORMAT.key(digest(cookieValue));
        Optional<Session> known = lookup(key, cookieValue);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        return store.sync().handle((synced, error) -> lookup(key, cookieValue));
    }

    private Optional<Session> lookup(String key, String id) {
        return store.get(key)
                .filter(record -> !record.getIdDigest().equals(OPEN_MODE))
                .filter(record -> record.getExpiresAtMillis() > clock.millis())
                .map(record -> session(id, record));
    }

    /** Ends a session on every gateway: completes once this gateway has applied its removal. */
    public CompletableFuture<Void> end(Session session) {
        String key = FORMAT.key(digest(session.id()));
        return store.get(key)
                .map(current -> store.remove(key, current))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /**
     * Open mode's form token: there is no sign-in, but a form from another site still must not act, and a page
     * rendered by one gateway may post to another. The first gateway to ask writes it; the others read it.
     */
    public String openModeToken() throws InterruptedException, ExecutionException {
        String key = FORMAT.key(OPEN_MODE);
        Optional<ConsoleSessionRecord> existing = store.get(key);
        if (existing.isPresent()) {
            return existing.get().getCsrfToken();
        }
        ConsoleSessionRecord candidate = ConsoleSessionRecord.newBuilder()
                .setIdDigest(OPEN_MODE)
                .setArn("")
                .setPrincipalArn("")
                .setAccountId("")
                .setUserId("")
                .setPrincipalType(Principal.Type.ROOT.name())
                .setCsrfToken(token())
                .setCreatedAtMillis(clock.millis())
                .setExpiresAtMillis(Long.MAX_VALUE)
                .build();
        try {
            store.write(key, candidate).get(OPEN_MODE_WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Another gateway's token reached the topic first: that one is the cluster's.
            Throwable cause =
                    e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (!(cause instanceof VersionConflictException)) {
                throw e;
            }
        } catch (TimeoutException e) {
            throw new ExecutionException("The console's open-mode token could not be written", e);
        }
        return store.get(key).orElseThrow().getCsrfToken();
    }

    /** Removes the expired sessions from the topic; any gateway may do it, repeated removals are harmless. */
    public int removeExpired() {
        long now = clock.millis();
        int removed = 0;
        for (ConsoleSessionRecord record : store.values()) {
            if (record.getExpiresAtMillis() <= now) {
                store.remove(FORMAT.key(record.getIdDigest()), record);
                removed++;
            }
        }
        return removed;
    }

    private static Session session(String id, ConsoleSessionRecord record) {
        Principal principal = new Principal(
                record.getArn(),
                record.getPrincipalArn(),
                record.getAccountId(),
                record.getUserId(),
                record.getUsername(),
                Principal.Type.valueOf(record.getPrincipalType()));
        return new Session(id, principal, record.getCsrfToken(), Instant.ofEpochMilli(record.getExpiresAtMillis()));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String digest(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
