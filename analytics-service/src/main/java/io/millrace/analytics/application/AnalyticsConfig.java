package io.millrace.analytics.application;

import io.millrace.analytics.s3.S3Options;
import io.millrace.gateway.config.DeprecatedKeys;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/** The configuration of the application API ({@link AnalyticsService}), in one place. */
public final class AnalyticsConfig {

    private AnalyticsConfig() {}

    public static final ConfigOption<String> FLINK_REST_URL = ConfigOptions.key("millrace.analytics.flink-rest-url")
            .stringType()
            .noDefaultValue()
            .withDescription("JobManager REST URL of the Flink cluster applications run on: the launcher's embedded"
                    + " mini-cluster or a real cluster.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key(
                    "millrace.analytics.bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Kafka bootstrap servers of Millrace as the Flink cluster reaches them: the default of every"
                            + " 'millrace' table and the 'millrace' catalog of SQL applications.");

    public static final ConfigOption<String> METADATA_TOPIC = ConfigOptions.key("millrace.analytics.metadata-topic")
            .stringType()
            .defaultValue("__millrace_analytics")
            .withDescription("Compacted topic holding the applications (Avro ApplicationMetadata).");

    public static final ConfigOption<String> SAVEPOINT_DIR = ConfigOptions.key("millrace.analytics.savepoint-dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory URI (file:///..., s3://...) of snapshots (Flink savepoints) and retained"
                    + " checkpoints; a real cluster needs a path all its JobManagers and TaskManagers share.");

    public static final ConfigOption<String> CODE_DIR = ConfigOptions.key("millrace.analytics.code-dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Local directory where the jars of ZIPFILE applications are kept.");

    public static final ConfigOption<Integer> MAX_APPLICATIONS = ConfigOptions.key(
                    "millrace.analytics.max-applications")
            .intType()
            .defaultValue(50)
            .withDescription("Applications per account before LimitExceededException (AWS's default quota is 50).");

    public static final ConfigOption<String> KMS_ENDPOINT = ConfigOptions.key("millrace.analytics.kms-endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("URL of the platform's KMS API (the gateway's own, for example http://127.0.0.1:4566) as"
                    + " the Flink cluster reaches it: the session default of every 'millrace' table of SQL"
                    + " applications ('millrace.sse.kms.endpoint'), so that they read encrypted streams. Unset:"
                    + " such a table needs its own 'sse.kms.endpoint'.");

    public static final ConfigOption<String> KMS_REGION = ConfigOptions.key("millrace.analytics.kms-region")
            .stringType()
            .defaultValue("us-east-1")
            .withDescription("Region the jobs' KMS calls are signed for.");

    public static final ConfigOption<String> KMS_ACCESS_KEY_ID = ConfigOptions.key(
                    "millrace.analytics.kms-access-key-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Access key id jobs sign their KMS calls with, unless they run as their role (signed mode"
                    + " with millrace.analytics.kinesis-endpoint: they decrypt with the role's credentials). Unset:"
                    + " the task managers' default AWS credentials (environment, profile).");

    public static final ConfigOption<String> KMS_SECRET_ACCESS_KEY = ConfigOptions.key(
                    "millrace.analytics.kms-secret-access-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Secret access key that goes with millrace.analytics.kms-access-key-id.");

    public static final ConfigOption<String> KINESIS_ENDPOINT = ConfigOptions.key("millrace.analytics.kinesis-endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("URL of the platform's Kinesis API (the gateway's own) as the Flink cluster reaches it."
                    + " In signed mode every application's job gets its ServiceExecutionRole's session credentials"
                    + " (renewed there before they expire); its Millrace sources and sinks authorize their reads and"
                    + " writes there, at start and every millrace.analytics.read-recheck-interval. Unset: a job's"
                    + " reads are checked only before a SQL application's job is submitted.");

    public static final ConfigOption<String> KINESIS_REGION = ConfigOptions.key("millrace.analytics.kinesis-region")
            .stringType()
            .defaultValue("us-east-1")
            .withDescription("Region the jobs' authorization calls are signed for (the gateway's region).");

    public static final ConfigOption<Duration> READ_RECHECK_INTERVAL = ConfigOptions.key(
                    "millrace.analytics.read-recheck-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often a running job's sources and sinks authorize their reads and writes again"
                    + " (signed mode), so that a change to the role's policies stops them within this interval.");

    public static final ConfigOption<Duration> JOB_CREDENTIALS_DURATION = ConfigOptions.key(
                    "millrace.analytics.job-credentials-duration")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("How long the role session credentials of a job stay valid (signed mode). They are"
                    + " issued at each start, update and resume of the application, and the running job renews them"
                    + " before they expire (the service assumes the role again while the application runs and the"
                    + " role's trust policy lets it).");

    public static final ConfigOption<Boolean> KAFKA_ACLS = ConfigOptions.key("millrace.analytics.kafka-acls")
            .booleanType()
            .defaultValue(false)
            .withDescription("Signed mode, on a broker running an authorizer with SCRAM (the launcher's embedded one"
                    + " in signed mode): keep Kafka ACLs for every application's own user app-ACCOUNT-NAME, derived"
                    + " from its ServiceExecutionRole's policies (READ on the topics of streams it may"
                    + " kinesis:GetRecords, WRITE where it may kinesis:PutRecord or PutRecords), every"
                    + " millrace.analytics.kafka-acl-interval, and remove the user at DeleteApplication.");

    public static final ConfigOption<String> JOB_KAFKA_BOOTSTRAP_SERVERS = ConfigOptions.key(
                    "millrace.analytics.job-kafka-bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("The broker's SASL/SCRAM-SHA-512 listener as the Flink cluster reaches it. With"
                    + " millrace.analytics.kafka-acls, each start of an application sets a new password of its user"
                    + " and gives the job those credentials (millrace.kafka.*), with which its Millrace sources and"
                    + " sinks connect. Unset: jobs connect with the platform's Kafka access (jobs of the embedded"
                    + " mini-cluster run in the platform's process anyway).");

    public static final ConfigOption<Duration> KAFKA_ACL_INTERVAL = ConfigOptions.key(
                    "millrace.analytics.kafka-acl-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription("How often the applications' Kafka ACLs are derived again from their roles' policies"
                    + " and the streams that exist, so that a policy change, a new stream or a deleted one reaches"
                    + " the broker within this interval plus the seconds IAM changes take to reach the gateway.");

    public static final ConfigOption<String> STREAMS_METADATA_TOPIC = ConfigOptions.key(
                    "millrace.analytics.streams-metadata-topic")
            .stringType()
            .defaultValue("__millrace_metadata")
            .withDescription("The Kinesis API's metadata topic, where the applications' Kafka ACLs find each stream's"
                    + " topic; jobs read shard maps from it, so every application's user may read it.");

    // Application code in S3 is read with Millrace's one set of S3 settings, the ones Flink jobs write s3:// with.
    public static final ConfigOption<String> S3_ENDPOINT = S3Options.ENDPOINT;
    public static final ConfigOption<String> S3_REGION = S3Options.REGION;
    public static final ConfigOption<Boolean> S3_PATH_STYLE_ACCESS = S3Options.PATH_STYLE_ACCESS;
    public static final ConfigOption<String> S3_ACCESS_KEY_ID = S3Options.ACCESS_KEY_ID;
    public static final ConfigOption<String> S3_SECRET_ACCESS_KEY = S3Options.SECRET_ACCESS_KEY;

    /** Keys of earlier versions: the component was named after the resource, and S3 had a set of its own. */
    public static final DeprecatedKeys DEPRECATED_KEYS = DeprecatedKeys.of(
            "millrace.applications.flink-rest-url", FLINK_REST_URL.key(),
            "millrace.applications.bootstrap-servers", BOOTSTRAP_SERVERS.key(),
            "millrace.applications.metadata-topic", METADATA_TOPIC.key(),
            "millrace.applications.savepoint-dir", SAVEPOINT_DIR.key(),
            "millrace.applications.code-dir", CODE_DIR.key(),
            "millrace.applications.max-applications", MAX_APPLICATIONS.key(),
            "millrace.applications.s3.endpoint", S3_ENDPOINT.key(),
            "millrace.applications.s3.region", S3_REGION.key(),
            "millrace.applications.s3.path-style-access", S3_PATH_STYLE_ACCESS.key(),
            "millrace.applications.s3.access-key-id", S3_ACCESS_KEY_ID.key(),
            "millrace.applications.s3.secret-access-key", S3_SECRET_ACCESS_KEY.key());

    /** The options given in {@code props}, those under an earlier key read under its current one. */
    public static Configuration configuration(Map<String, String> props) {
        return Configuration.fromMap(DEPRECATED_KEYS.rewrite(props));
    }
}
