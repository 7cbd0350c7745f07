package io.millrace.launcher.s3;

import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.access.SigningCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStoreLocator;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Who may use the exposed store, asked by S3Proxy with the access key id of each signed request: the platform's own
 * identity ({@link S3Credentials}, which Firehose and Flink sign with) may do everything; once IAM answers
 * ({@link #acceptKeysOf}), the long-term keys of IAM users and the temporary credentials of STS sessions too, each
 * call authorized with the caller's policies by the platform's authorizer, as the gateway authorizes its own.
 *
 * <p>S3Proxy checks the signature with the secret of the grant returned here, then uses its store: a caller refused
 * gets a store that answers AWS's AccessDenied (or ExpiredToken), so the refusal comes after the signature check, as
 * on AWS. A key unknown, deleted or deactivated, or a temporary key without its session token, gets no grant:
 * InvalidAccessKeyId. Keys are looked up at each request in IAM's view, so a DeleteAccessKey takes effect as soon as
 * this process has read it from Kafka, as on the gateway.
 */
final class S3KeyLocator implements BlobStoreLocator {

    private static final Logger LOG = LoggerFactory.getLogger(S3KeyLocator.class);

    private final BlobStore store;
    private final S3Credentials platform;
    private final Clock clock;
    private volatile AccessControl users;

    S3KeyLocator(BlobStore store, S3Credentials platform, Clock clock) {
        this.store = store;
        this.platform = platform;
        this.clock = clock;
    }

    /** From now on the keys {@code access} knows sign requests too, authorized by its authorizer. */
    void acceptKeysOf(AccessControl access) {
        this.users = access;
    }

    @Override
    public AccessGrant locateBlobStore(String identity, String container, String blob) {
        if (identity == null) {
            return null;
        }
        if (identity.equals(platform.accessKeyId())) {
            return new AccessGrant(platform.secretAccessKey(), store);
        }
        AccessControl access = users;
        Optional<S3Request> request = S3Request.current();
        if (access == null || request.isEmpty()) {
            return null;
        }
        String token = request.get().sessionToken().orElse(null);
        Optional<SigningCredential> found = access.keys().find(identity, token).filter(key -> tokenMatches(key, token));
        if (found.isEmpty()) {
            return null;
        }
        SigningCredential credential = found.get();
        if (credential.expiresAt().isPresent()
                && !clock.instant().isBefore(credential.expiresAt().get())) {
            // AWS S3: 400 ExpiredToken, "The provided token has expired."
            return refused(
                    credential, () -> RefusingBlobStore.error(400, "ExpiredToken", "The provided token has expired."));
        }
        if (isCopySource(request.get(), container, blob)) {
            // S3Proxy asks again for the source of a copy, after the signature check, and answers null AccessDenied.
            AccessRequest read = S3Actions.copySource(container, blob);
            return decide(access, credential.principal(), request.get(), read).allowed()
                    ? new AccessGrant(credential.secretAccessKey(), store)
                    : null;
        }
        AccessRequest needed = S3Actions.of(request.get());
        Decision decision = decide(access, credential.principal(), request.get(), needed);
        if (decision.allowed()) {
            return new AccessGrant(credential.secretAccessKey(), store);
        }
        String message = decision.message(credential.principal(), needed);
        LOG.debug("S3 store refused {}: {}", identity, message);
        return refused(credential, () -> new S3ProxyException(S3ErrorCode.ACCESS_DENIED, message));
    }

    private AccessGrant refused(SigningCredential credential, Supplier<S3Exception> error) {
        return new AccessGrant(credential.secretAccessKey(), RefusingBlobStore.answering(error));
    }

    private Decision decide(AccessControl access, Principal principal, S3Request request, AccessRequest needed) {
        // The store speaks plain HTTP only: aws:SecureTransport is false.
        RequestContext context =
                new RequestContext(request.sourceIp(), false, clock.instant(), request.userAgent(), request.region());
        return access.authorizer().authorize(principal, context, needed);
    }

    /** The second question S3Proxy asks of a copy: the source's bucket and key, not the request's own. */
    private static boolean isCopySource(S3Request request, String container, String blob) {
        return request.copySource().isPresent()
                && Arrays.equals(request.copySource().get(), new String[] {container, blob == null ? "" : blob})
                && !(request.bucket().equals(container) && request.key().equals(blob));
    }

    /** A temporary key needs the session token it was issued with; a long-term key must come without one. */
    private static boolean tokenMatches(SigningCredential credential, String token) {
        String expected = credential.sessionToken().orElse(null);
        if (expected == null) {
            return token == null;
        }
        return token != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
