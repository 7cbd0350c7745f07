package io.millrace.analytics.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * The job's role credentials for the AWS SDK, renewed before they expire as the SDK's own role providers
 * ({@code StsAssumeRoleCredentialsProvider}, the container provider) renew theirs: a {@link CachedSupplier} that
 * fetches new credentials once the current ones enter their prefetch window, and blocks callers only once they are
 * about to expire. New credentials come from the gateway's credentials endpoint ({@value #PATH}), where the
 * application service assumes the job's role again on the grant's strength, answering as ECS's container credentials
 * endpoint does ({@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}). The credentials
 * the job was started with are used until their own prefetch window. A refused renewal keeps the credentials in
 * hand, so that past their expiry the gateway refuses the job's calls ({@code ExpiredTokenException}) rather than
 * the job not asking at all. Without a grant, the job's credentials as they are.
 */
public final class RoleCredentials implements AwsCredentialsProvider {

    /** The gateway's credentials endpoint, on the same port as its AWS APIs. */
    public static final String PATH = "/millrace/credentials";

    /** As the SDK's STS providers: renewed 5 min before expiry, callers blocked 1 min before (less for short ones). */
    private static final Duration PREFETCH = Duration.ofMinutes(5);

    private static final Duration STALE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RoleCredentials.class);

    private final RoleAccess access;
    /** Made at the first renewal: a provider that never renews (no KMS call, a short job) holds no thread. */
    private HttpClient http;

    private final CachedSupplier<AwsCredentials> cache;
    private boolean startedWith;
    /** The credentials last handed out and when they expire (null: unknown). */
    private AwsCredentials current;

    private Instant currentExpiration;

    private RoleCredentials(RoleAccess access) {
        this.access = access;
        this.current = initial(access);
        this.currentExpiration = access.expiration();
        this.cache = CachedSupplier.builder(this::refresh)
                .cachedValueName("millrace role credentials")
                .build();
    }

    /** A provider of the job's role credentials: renewed when {@code access} has a grant, else as they are. */
    public static AwsCredentialsProvider of(RoleAccess access) {
        if (access.credentialsGrant() == null) {
            return StaticCredentialsProvider.create(initial(access));
        }
        return new RoleCredentials(access);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return cache.get();
    }

    private synchronized RefreshResult<AwsCredentials> refresh() {
        Instant now = Instant.now();
        if (!startedWith) {
            startedWith = true;
            if (currentExpiration != null && now.isBefore(prefetchTime(now, currentExpiration))) {
                return result(current, now, currentExpiration);
            }
        }
        return fetch(now);
    }

    private RefreshResult<AwsCredentials> fetch(Instant now) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(access.endpoint() + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", access.credentialsGrant())
                .header("Accept", "application/json")
                .GET()
                .build();
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw SdkClientException.create("Cannot renew the job's role credentials at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("Interrupted renewing the job's role credentials", e);
        }
        Map<String, JsonNode> body = JsonNode.parser().parse(response.body()).asObject();
        if (response.statusCode() != 200) {
            // Refused (the application stopped, the role no longer trusts the service): the credentials in hand go
            // on until they expire, and past that the gateway answers ExpiredTokenException, which fails the job.
            // Each later use asks again, so a trust restored in time renews them.
            LOG.warn(
                    "Role credentials not renewed ({} left): {}: {}",
                    currentExpiration == null ? "?" : Duration.between(now, currentExpiration),
                    text(body, "Code"),
                    text(body, "Message"));
            // Asked again when they expire, or a second from now once they have (the SDK's own least wait).
            Instant soonest = now.plusSeconds(1);
            Instant retry =
                    currentExpiration != null && currentExpiration.isAfter(soonest) ? currentExpiration : soonest;
            return RefreshResult.builder(current)
                    .staleTime(retry)
                    .prefetchTime(retry)
                    .build();
        }
        current = AwsSessionCredentials.create(
                text(body, "AccessKeyId"), text(body, "SecretAccessKey"), text(body, "Token"));
        currentExpiration = Instant.parse(text(body, "Expiration"));
        LOG.info("Role credentials of stream access renewed until {}", currentExpiration);
        return result(current, now, currentExpiration);
    }

    private static String text(Map<String, JsonNode> body, String member) {
        JsonNode node = body.get(member);
        return node == null || node.isNull() ? "" : node.text();
    }

    private static RefreshResult<AwsCredentials> result(AwsCredentials credentials, Instant now, Instant expiration) {
        return RefreshResult.builder(credentials)
                .staleTime(staleTime(now, expiration))
                .prefetchTime(prefetchTime(now, expiration))
                .build();
    }

    /** 5 min before expiry, or half way for shorter lives. */
    static Instant prefetchTime(Instant now, Instant expiration) {
        Duration left = Duration.between(now, expiration);
        return expiration.minus(min(PREFETCH, left.dividedBy(2)));
    }

    /** 1 min before expiry, or at nine tenths for shorter lives. */
    static Instant staleTime(Instant now, Instant expiration) {
        Duration left = Duration.between(now, expiration);
        return expiration.minus(min(STALE, left.dividedBy(10)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static AwsCredentials initial(RoleAccess access) {
        return access.sessionToken() == null
                ? AwsBasicCredentials.create(access.accessKeyId(), access.secretAccessKey())
                : AwsSessionCredentials.create(access.accessKeyId(), access.secretAccessKey(), access.sessionToken());
    }
}
