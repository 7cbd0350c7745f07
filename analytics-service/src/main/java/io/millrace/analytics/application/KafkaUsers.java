package io.millrace.analytics.application;

import io.millrace.analytics.access.JobKafka;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each application's own Kafka user, {@code app-ACCOUNT-NAME}, with SCRAM-SHA-512 credentials kept by the broker
 * (KRaft holds them in its metadata log; AlterUserScramCredentials): a new random password at each start of the
 * application, handed to its job ({@link JobKafka}); the user removed when the application is deleted. What the
 * user may do is {@link KafkaAclReconciler}'s.
 */
final class KafkaUsers {

    /** Every application user's name starts so; the reconciler owns the ACLs of these principals only. */
    static final String USER_PREFIX = "app-";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaUsers.class);
    /** Kafka's minimum for SCRAM-SHA-512 is 4096; twice that costs a few milliseconds per login. */
    private static final int ITERATIONS = 8192;

    private static final int PASSWORD_BYTES = 24;
    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;
    private final String jobBootstrapServers;
    private final SecureRandom random = new SecureRandom();

    /** @param jobBootstrapServers the SASL listener as jobs reach it */
    KafkaUsers(Admin admin, String jobBootstrapServers) {
        this.admin = admin;
        this.jobBootstrapServers = jobBootstrapServers;
    }

    /** {@code app-ACCOUNT-NAME}: the account of the application's ARN, so that two accounts' names never meet. */
    static String userOf(ApplicationMetadata app) {
        return USER_PREFIX + app.getArn().split(":", 6)[4] + "-" + app.getName();
    }

    /** Sets a new password of the application's user (creating it) and returns what its job connects with. */
    JobKafka issue(ApplicationMetadata app) throws Exception {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String user = userOf(app);
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)))
                .all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        LOG.info("Application {}: Kafka user {} has new credentials", app.getName(), user);
        return new JobKafka(jobBootstrapServers, user, password);
    }

    /** Removes the application's user: its credentials no longer authenticate. Nothing to do when it has none. */
    void remove(ApplicationMetadata app) {
        String user = userOf(app);
        try {
            admin.alterUserScramCredentials(
                            List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
                    .all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            LOG.info("Application {}: Kafka user {} removed", app.getName(), user);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                LOG.warn(
                        "Application {}: Kafka user {} not removed: {}",
                        app.getName(),
                        user,
                        e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Application {}: Kafka user {} not removed: {}", app.getName(), user, e.toString());
        }
    }
}
