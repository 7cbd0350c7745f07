package io.millrace.gateway.access;

import java.util.List;
import java.util.Optional;

/**
 * Where the gateway looks up the access key that signed a request. Implementations are thread-safe and answer
 * without blocking on the network (from memory kept current from Kafka), since every signed request asks.
 */
@FunctionalInterface
public interface KeyDirectory {

    /** Knows no key. */
    KeyDirectory NONE = (accessKeyId, sessionToken) -> Optional.empty();

    /**
     * The credential of {@code accessKeyId}, or empty when no active key has that id. For temporary credentials,
     * {@code sessionToken} is the request's {@code X-Amz-Security-Token} (null when it has none), which may itself
     * carry what the credential is (AWS's session tokens do); the caller still compares it with the credential's.
     */
    Optional<SigningCredential> find(String accessKeyId, String sessionToken);

    /** The first directory that knows the key. */
    static KeyDirectory firstOf(List<KeyDirectory> directories) {
        List<KeyDirectory> copy = List.copyOf(directories);
        return (accessKeyId, sessionToken) -> {
            for (KeyDirectory directory : copy) {
                Optional<SigningCredential> found = directory.find(accessKeyId, sessionToken);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        };
    }
}
