package io.millrace.analytics.application;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The configuration of the application API ({@link AnalyticsService}), in one place. */
public final class ApplicationServiceOptions {

  private ApplicationServiceOptions() {}

  public static final ConfigOption<String> FLINK_REST_URL = ConfigOptions
      .key("millrace.applications.flink-rest-url")
      .stringType()
      .noDefaultValue()
      .withDescription("JobManager REST URL of the Flink cluster applications run on: the launcher's embedded"
          + " mini-cluster or a real cluster.");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions
      .key("millrace.applications.bootstrap-servers")
      .stringType()
      .noDefaultValue()
      .withDescription("Kafka bootstrap servers of Millrace as the Flink cluster reaches them: the default of every"
          + " 'millrace' table and the 'millrace' catalog of SQL applications.");

  public static final ConfigOption<String> METADATA_TOPIC = ConfigOptions
      .key("millrace.applications.metadata-topic")
      .stringType()
      .defaultValue("__millrace_analytics")
      .withDescription("Compacted topic holding the applications (Avro ApplicationMetadata).");

  public static final ConfigOption<String> SAVEPOINT_DIR = ConfigOptions
      .key("millrace.applications.savepoint-dir")
      .stringType()
      .noDefaultValue()
      .withDescription("Directory URI (file:///..., s3://...) of snapshots (Flink savepoints) and retained"
          + " checkpoints; a real cluster needs a path all its JobManagers and TaskManagers share.");

  public static final ConfigOption<String> CODE_DIR = ConfigOptions
      .key("millrace.applications.code-dir")
      .stringType()
      .noDefaultValue()
      .withDescription("Local directory where the jars of ZIPFILE applications are kept.");

  public static final ConfigOption<Integer> MAX_APPLICATIONS = ConfigOptions
      .key("millrace.applications.max-applications")
      .intType()
      .defaultValue(50)
      .withDescription("Applications per account before LimitExceededException (AWS's default quota is 50).");

  public static final ConfigOption<String> S3_ENDPOINT = ConfigOptions
      .key("millrace.applications.s3.endpoint")
      .stringType()
      .noDefaultValue()
      .withDescription("S3 endpoint application code (S3ContentLocation) is read from; AWS S3 when not set.");

  public static final ConfigOption<String> S3_REGION = ConfigOptions
      .key("millrace.applications.s3.region")
      .stringType()
      .defaultValue("us-east-1")
      .withDescription("Region of the S3 client.");

  public static final ConfigOption<Boolean> S3_PATH_STYLE_ACCESS = ConfigOptions
      .key("millrace.applications.s3.path-style-access")
      .booleanType()
      .defaultValue(false)
      .withDescription("Path-style S3 requests, as S3-compatible stores want.");

  public static final ConfigOption<String> S3_ACCESS_KEY_ID = ConfigOptions
      .key("millrace.applications.s3.access-key-id")
      .stringType()
      .noDefaultValue()
      .withDescription("Access key of the S3 client; the SDK's default credential chain when not set.");

  public static final ConfigOption<String> S3_SECRET_ACCESS_KEY = ConfigOptions
      .key("millrace.applications.s3.secret-access-key")
      .stringType()
      .noDefaultValue()
      .withDescription("Secret key going with millrace.applications.s3.access-key-id.");
}
