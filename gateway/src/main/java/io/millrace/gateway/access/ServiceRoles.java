package io.millrace.gateway.access;

import java.time.Duration;
import java.util.Optional;

/**
 * The IAM roles a service acts as on a user's behalf, as AWS services do: Firehose's {@code RoleARN}, an
 * application's {@code ServiceExecutionRole}. In signed mode a role must exist and trust the service's principal
 * ({@code firehose.amazonaws.com}, {@code kinesisanalytics.amazonaws.com}), and what the service then does (write to
 * S3, read a stream) is decided by the role's policies. Answers from memory kept current from Kafka, without
 * blocking.
 */
public interface ServiceRoles {

    /** Open mode: any role name goes, and a role may do everything. */
    ServiceRoles UNCHECKED = new ServiceRoles() {
        @Override
        public Optional<String> problemAssuming(String roleArn, ServiceCaller caller) {
            return Optional.empty();
        }

        @Override
        public Decision authorize(String roleArn, String servicePrincipal, AccessRequest request) {
            return Decision.ALLOW;
        }
    };

    /**
     * Why the service cannot act as {@code roleArn} for its source (no such role, or the role's trust policy does not
     * let the service assume it, conditions such as {@code aws:SourceAccount} included), or empty when it can.
     */
    Optional<String> problemAssuming(String roleArn, ServiceCaller caller);

    /** Whether the role, assumed by {@code servicePrincipal}, may do {@code request}, by the role's policies. */
    Decision authorize(String roleArn, String servicePrincipal, AccessRequest request);

    /**
     * Temporary credentials of the role's session as {@code servicePrincipal} assumes it (named after the service,
     * as {@link #authorize} evaluates it), valid for {@code lifetime}, for what the service runs on the user's
     * behalf to sign its own requests with; empty when the role does not exist, and always empty in open mode,
     * where nothing needs signing.
     */
    default Optional<ServiceCredentials> credentials(String roleArn, String servicePrincipal, Duration lifetime) {
        return Optional.empty();
    }

    /**
     * A grant, sealed so that every gateway of the cluster can open it and no one can forge or alter it, naming the
     * role and the caller the service acts for: handed to what the service runs with its first credentials, so that
     * it can have new ones issued before they expire ({@link #openGrant}, then {@link #problemAssuming} and
     * {@link #credentials} again). It carries no permission of its own. Empty in open mode.
     */
    default Optional<String> grant(String roleArn, ServiceCaller caller) {
        return Optional.empty();
    }

    /** The role and caller a grant of {@link #grant} names; empty when it is not one this cluster sealed. */
    default Optional<ServiceGrant> openGrant(String grant) {
        return Optional.empty();
    }
}
