package io.millrace.analytics.application;

import io.millrace.analytics.access.RoleAccessOptions;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.ServiceCaller;
import io.millrace.gateway.access.ServiceCredentials;
import io.millrace.gateway.access.ServiceGrant;
import io.millrace.gateway.access.ServiceRoles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's ServiceExecutionRole, checked as Managed Service for Apache Flink checks it when an application
 * is created, updated with a new role or started: in signed mode the role must exist and trust
 * {@code kinesisanalytics.amazonaws.com}. Before each job of a SQL application is submitted, its reads of every
 * stream it scans are authorized with the role's policies ({@link ServiceRoles#authorize}, as Firehose's delivery
 * is): on AWS the job's Kinesis source calls DescribeStream, GetShardIterator and GetRecords with the role's
 * credentials; here it reads the stream's topic directly, so the same decision is taken for it before it runs.
 * Every job, SQL or jar, is also given the role session's temporary credentials ({@link #jobOptions}), with which
 * its Millrace sources ask the gateway, with those same Kinesis calls, before and while they read each stream, and
 * its sinks ask for PutRecords; and a grant with which it has the role assumed again before they expire
 * ({@link JobCredentialsRoute}).
 */
final class ExecutionRoles {

    /** The service principal applications assume their role as. */
    static final String KINESIS_ANALYTICS = "kinesisanalytics.amazonaws.com";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRoles.class);

    private final ServiceRoles roles;
    private final Configuration options;

    /** @param options the service's {@link AnalyticsConfig}: where and how often jobs authorize their reads */
    ExecutionRoles(ServiceRoles roles, Configuration options) {
        this.roles = roles;
        this.options = options;
    }

    /**
     * The job options ({@link RoleAccessOptions}) that make its sources authorize their reads as the role's session
     * {@code assumed-role/ROLE/kinesisanalytics}: fresh temporary credentials, the gateway's Kinesis endpoint and the
     * re-check interval. None in open mode, or without {@link AnalyticsConfig#KINESIS_ENDPOINT}.
     */
    Map<String, String> jobOptions(String roleArn, String applicationArn) {
        String endpoint = options.get(AnalyticsConfig.KINESIS_ENDPOINT);
        if (!checked() || endpoint == null || endpoint.isBlank()) {
            return Map.of();
        }
        ServiceCredentials credentials = credentials(roleArn)
                .orElseThrow(() -> ApplicationErrors.invalidArgument(
                        "Kinesis Analytics service doesn't have sufficient privileges to assume the role " + roleArn));
        LOG.info(
                "Application {} runs as {} until {}",
                applicationArn,
                credentials.sessionArn(),
                credentials.expiresAt());
        Map<String, String> job = new LinkedHashMap<>();
        job.put(RoleAccessOptions.ENDPOINT.key(), endpoint);
        job.put(RoleAccessOptions.REGION.key(), options.get(AnalyticsConfig.KINESIS_REGION));
        job.put(RoleAccessOptions.ACCESS_KEY_ID.key(), credentials.accessKeyId());
        job.put(RoleAccessOptions.SECRET_ACCESS_KEY.key(), credentials.secretAccessKey());
        job.put(RoleAccessOptions.SESSION_TOKEN.key(), credentials.sessionToken());
        job.put(RoleAccessOptions.EXPIRATION.key(), credentials.expiresAt().toString());
        // Lets the job have the role assumed again before these expire (RoleCredentials, JobCredentialsRoute).
        roles.grant(roleArn, new ServiceCaller(KINESIS_ANALYTICS, applicationArn, null))
                .ifPresent(grant -> job.put(RoleAccessOptions.CREDENTIALS_GRANT.key(), grant));
        Duration interval = options.get(AnalyticsConfig.READ_RECHECK_INTERVAL);
        job.put(RoleAccessOptions.RECHECK_INTERVAL.key(), interval.toMillis() + " ms");
        return job;
    }

    /** Fresh credentials of the role's session, valid for {@link AnalyticsConfig#JOB_CREDENTIALS_DURATION}. */
    Optional<ServiceCredentials> credentials(String roleArn) {
        return roles.credentials(roleArn, KINESIS_ANALYTICS, options.get(AnalyticsConfig.JOB_CREDENTIALS_DURATION));
    }

    /** The role and application a job's grant names; empty when it is no grant of this cluster's. */
    Optional<ServiceGrant> openGrant(String grant) {
        return roles.openGrant(grant).filter(g -> g.caller().servicePrincipal().equals(KINESIS_ANALYTICS));
    }

    /** Why the service cannot assume the role for the grant's application any more (its trust policy), if so. */
    Optional<String> problemAssuming(ServiceGrant grant) {
        return roles.problemAssuming(grant.roleArn(), grant.caller());
    }

    /** What the Kinesis source of a job does with each stream it reads, by IAM action. */
    static final List<String> STREAM_READS =
            List.of("kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords");

    /** Whether the role's policies allow {@code action} on {@code resourceArn} now (its Kafka ACLs follow this). */
    boolean allows(String roleArn, String action, String resourceArn) {
        return roles.authorize(roleArn, KINESIS_ANALYTICS, AccessRequest.of(action, resourceArn))
                .allowed();
    }

    /** Whether the role's policies decide anything: open mode's roles may do everything. */
    boolean checked() {
        return roles != ServiceRoles.UNCHECKED;
    }

    /**
     * Throws {@link ReadDenied} with AWS's AccessDeniedException wording ("User: arn:aws:sts::ACCOUNT:assumed-role/
     * ROLE/kinesisanalytics is not authorized to perform: kinesis:GetRecords on resource: STREAM ARN because ...")
     * when the role may not read one of {@code streams} (names, in the application's account and region).
     */
    void requireReads(String roleArn, String applicationArn, Set<String> streams) {
        String[] arn = applicationArn.split(":", 6);
        for (String stream : streams) {
            String streamArn = "arn:aws:kinesis:" + arn[3] + ":" + arn[4] + ":stream/" + stream;
            for (String action : STREAM_READS) {
                Decision decision = roles.authorize(roleArn, KINESIS_ANALYTICS, AccessRequest.of(action, streamArn));
                if (!decision.allowed()) {
                    throw new ReadDenied("AccessDeniedException: User: " + sessionArn(roleArn)
                            + " is not authorized to perform: " + action + " on resource: " + streamArn + " "
                            + decision.reason());
                }
            }
        }
    }

    /** The role's session as the service assumes it, named after the service as AWS's CloudTrail shows it. */
    private static String sessionArn(String roleArn) {
        String[] parts = roleArn.split(":", 6);
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return "arn:aws:sts::" + parts[4] + ":assumed-role/" + name + "/kinesisanalytics";
    }

    /** A job that may not read a stream it scans: its start fails with this message. */
    static final class ReadDenied extends RuntimeException {
        ReadDenied(String message) {
            super(message, null, false, false);
        }
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
