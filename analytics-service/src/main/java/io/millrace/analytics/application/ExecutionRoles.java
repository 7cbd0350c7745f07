package io.millrace.analytics.application;

import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceRoles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's ServiceExecutionRole, checked as Managed Service for Apache Flink checks it when an application
 * is created, updated with a new role or started: in signed mode the role must exist and trust
 * {@code kinesisanalytics.amazonaws.com}. What the running job reads and writes is not authorized per record: the
 * Flink job reaches Kafka directly, not through the gateway.
 */
final class ExecutionRoles {

    /** The service principal applications assume their role as. */
    static final String KINESIS_ANALYTICS = "kinesisanalytics.amazonaws.com";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRoles.class);

    private final ServiceRoles roles;

    ExecutionRoles(ServiceRoles roles) {
        this.roles = roles;
    }

    /** AWS's InvalidArgumentException, with its wording, for a role the service cannot assume. */
    void requireAssumable(String roleArn, String applicationArn) {
        // The application's ARN is aws:SourceArn (its account aws:SourceAccount) to the role's trust policy.
        ServiceCaller service = new ServiceCaller(KINESIS_ANALYTICS, applicationArn, null);
        roles.problemAssuming(roleArn, service).ifPresent(problem -> {
            LOG.info("Application {} refused: {}", applicationArn, problem);
            throw ApplicationErrors.invalidArgument(
                    "Kinesis Analytics service doesn't have sufficient privileges to assume the role " + roleArn);
        });
    }
}
