package io.millrace.analytics.application;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an application's lifecycle does about its Kafka user ({@link AnalyticsConfig#KAFKA_ACLS}): at each start a
 * new password, the ACLs brought up to date before the job runs and the credentials given to the job (when jobs
 * reach the SASL listener, {@link AnalyticsConfig#JOB_KAFKA_BOOTSTRAP_SERVERS}); at delete the user removed and its
 * ACLs with it. {@link #NONE} does nothing: open mode, or a broker without an authorizer.
 */
class ApplicationKafkaAccess {

    static final ApplicationKafkaAccess NONE = new ApplicationKafkaAccess(null, null);

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationKafkaAccess.class);

    /** Null when jobs are not given credentials. */
    private final KafkaUsers users;
    /** Null when no ACLs are kept. */
    private final KafkaAclReconciler acls;

    ApplicationKafkaAccess(KafkaUsers users, KafkaAclReconciler acls) {
        this.users = users;
        this.acls = acls;
    }

    /** The job options of the application's Kafka identity (new credentials); none when jobs get none. */
    Map<String, String> jobOptions(ApplicationMetadata app) throws Exception {
        if (acls == null || users == null) {
            return Map.of();
        }
        Map<String, String> options = users.issue(app).jobOptions();
        // The job's first fetch should find its ACLs, not wait for the next pass.
        acls.reconcile();
        return options;
    }

    /** The application is being deleted: its credentials stop authenticating, its ACLs go. */
    void remove(ApplicationMetadata app) {
        if (acls == null) {
            return;
        }
        if (users != null) {
            users.remove(app);
        }
        try {
            acls.reconcile();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The next pass removes them.
            LOG.warn("Application {}: Kafka ACLs not removed yet: {}", app.getName(), e.toString());
        }
    }
}
