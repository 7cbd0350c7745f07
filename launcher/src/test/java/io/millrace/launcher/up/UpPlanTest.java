package io.millrace.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.application.AnalyticsConfig;
import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.exit.LauncherException;
import io.millrace.launcher.kafka.EmbeddedKafkaSettings;
import io.millrace.launcher.kafka.KafkaExposure;
import io.millrace.launcher.memory.MemoryConfig;
import io.millrace.launcher.s3.S3Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpPlanTest {

    @TempDir
    Path dir;

    private static UpPlan plan(String... args) {
        UpCommand command = new UpCommand();
        new CommandLine(command).parseArgs(args);
        return UpPlan.resolve(command.options);
    }

    @Test
    void defaultsAreAnEmbeddedBrokerOn9092AndTheEndpointOn4567OnLoopback() {
        UpPlan plan = plan();
        EmbeddedKafkaSettings kafka = plan.kafka().orElseThrow();
        assertThat(kafka.port()).isEqualTo(9092);
        assertThat(kafka.controllerPort()).isEqualTo(9093);
        assertThat(kafka.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(kafka.logDir()).isEqualTo(Path.of("data", "kafka").toAbsolutePath());
        assertThat(plan.kinesis().getInt(KinesisConfig.PORT)).isEqualTo(4567);
        assertThat(plan.kinesis().getString(KinesisConfig.BIND)).isEqualTo("127.0.0.1");
        assertThat(plan.kinesis().bootstrapServers()).containsExactly("127.0.0.1:9092");
        assertThat(plan.kinesis().shardLimitsEnforced()).isTrue();
    }

    @Test
    void httpsIsOn4443WithALocalCaInTheDataDirectoryUnlessACertificateIsGiven() {
        UpPlan plan = plan("--data-dir", dir.resolve("data").toString());
        assertThat(plan.kinesis().getInt(GatewayConfig.TLS_PORT)).isEqualTo(4443);
        assertThat(plan.kinesis().getString(GatewayConfig.TLS_LOCAL_CA_DIR))
                .isEqualTo(dir.resolve("data").resolve("tls").toAbsolutePath().toString());

        UpPlan given = plan("--tls-cert", "cert.pem", "--tls-key", "key.pem", "--tls-port", "0", "--port", "off");
        assertThat(given.kinesis().getString(GatewayConfig.TLS_CERT_FILE))
                .isEqualTo(Path.of("cert.pem").toAbsolutePath().toString());
        assertThat(given.kinesis().getString(GatewayConfig.TLS_KEY_FILE))
                .isEqualTo(Path.of("key.pem").toAbsolutePath().toString());
        assertThat(given.kinesis().getString(GatewayConfig.TLS_LOCAL_CA_DIR)).isEmpty();
        assertThat(given.kinesis().getInt(GatewayConfig.TLS_PORT)).isZero();
        assertThat(given.kinesis().getInt(GatewayConfig.PORT)).isEqualTo(GatewayConfig.PORT_OFF);

        assertThat(plan("--tls-port", "off").kinesis().getInt(GatewayConfig.TLS_PORT))
                .isEqualTo(GatewayConfig.PORT_OFF);
    }

    @Test
    void httpsSettingsThatCannotServeAreUsageErrors() throws IOException {
        assertThatThrownBy(() -> plan("--tls-cert", "cert.pem"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together")
                .satisfies(e -> assertThat(((LauncherException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> plan("--port", "off", "--tls-port", "off"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("would serve nothing");
        Path config = Files.writeString(dir.resolve("half.properties"), "millrace.gateway.tls.key-file=key.pem\n");
        assertThatThrownBy(() -> plan("--config", config.toString()))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("go together");
    }

    @Test
    void commandLineOverridesTheConfigFileWhichOverridesDefaults() throws IOException {
        Path config = Files.writeString(
                dir.resolve("millrace.properties"),
                String.join(
                        "\n",
                        "millrace.kinesis.port=5000",
                        "millrace.kinesis.bind=0.0.0.0",
                        "millrace.kinesis.shard-limits=off",
                        "kafka.linger.ms=7"));
        UpPlan plan = plan("--config", config.toString(), "--port", "6000", "--kafka-port", "9300");

        assertThat(plan.kinesis().getInt(KinesisConfig.PORT)).isEqualTo(6000);
        assertThat(plan.kinesis().shardLimitsEnforced()).isFalse();
        assertThat(plan.kinesis().kafkaClientProperties()).containsEntry("linger.ms", "7");
        // The broker stays on loopback whatever the gateway's bind address, wherever it came from.
        assertThat(plan.kinesis().getString(KinesisConfig.BIND)).isEqualTo("0.0.0.0");
        assertThat(plan.kafka().orElseThrow().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(plan.kafka().orElseThrow().controllerPort()).isEqualTo(9301);
    }

    @Test
    void memoryBudgetsComeFromTheConfigFileWithDefaultsThatFit512MiB() throws IOException {
        MemoryConfig defaults = plan().memory();
        assertThat(defaults.flinkNetworkBytes()).isEqualTo(32L << 20);
        assertThat(defaults.kafkaQueuedRequestBytes()).isEqualTo(64L << 20);

        Path config = Files.writeString(
                dir.resolve("memory.properties"),
                "millrace.memory.flink.network-bytes=16777216\nmillrace.memory.connect.fetch-bytes=8388608\n");
        MemoryConfig given = plan("--config", config.toString()).memory();
        assertThat(given.flinkNetworkBytes()).isEqualTo(16L << 20);
        assertThat(given.connectFetchBytes()).isEqualTo(8L << 20);

        Path tooSmall =
                Files.writeString(dir.resolve("small.properties"), "millrace.memory.kafka.queued-request-bytes=1024\n");
        assertThatThrownBy(() -> plan("--config", tooSmall.toString()))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining(MemoryConfig.KAFKA_QUEUED_REQUEST_BYTES)
                .satisfies(e -> assertThat(((LauncherException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void onlyTheGatewayTakesTheBindAddressUnlessExposeNamesAService() {
        UpPlan local = plan("--bind", "0.0.0.0");
        assertThat(local.kafka().orElseThrow().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(local.kafka().orElseThrow().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        for (ExposedService service : ExposedService.values()) {
            assertThat(local.listeners().bind(service))
                    .as(service.optionValue())
                    .isEqualTo("127.0.0.1");
        }
        assertThat(local.firehose().s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(local.firehose().connectUrl()).isEqualTo("http://127.0.0.1:8083");
        assertThat(local.flink().restUrl()).isEqualTo("http://127.0.0.1:8081");

        UpPlan exposed = plan("--bind", "0.0.0.0", "--expose", "kafka,flink");
        // Kafka: the platform's plain listener stays local; other hosts get a SCRAM listener of their own.
        assertThat(exposed.kafka().orElseThrow().bindAddress()).isEqualTo("127.0.0.1");
        KafkaExposure external = exposed.kafka().orElseThrow().exposure().orElseThrow();
        assertThat(external.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(external.port()).isEqualTo(9094);
        assertThat(external.clientProperties())
                .isEqualTo(Path.of("data", "kafka-client.properties").toAbsolutePath());
        assertThat(local.kafka().orElseThrow().exposure()).isEmpty();
        assertThatThrownBy(() -> plan("--kafka-external-port", "9999"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--kafka-external-port is the port of --expose kafka");
        assertThat(exposed.listeners().bind(ExposedService.FLINK)).isEqualTo("0.0.0.0");
        assertThat(exposed.listeners().bind(ExposedService.S3)).isEqualTo("127.0.0.1");
        assertThat(exposed.listeners().bind(ExposedService.CONNECT)).isEqualTo("127.0.0.1");
        // Local clients still reach a service on the wildcard address through loopback.
        assertThat(exposed.flink().restUrl()).isEqualTo("http://127.0.0.1:8081");

        assertThat(plan("--bind", "10.1.2.3", "--expose", "s3", "--data-dir", dir.toString())
                        .firehose()
                        .s3Endpoint())
                .isEqualTo("http://10.1.2.3:9000");
    }

    @Test
    void anExposedS3StoreAcceptsOneIdentityWhichEveryServiceSignsWith() throws IOException {
        assertThat(plan("--data-dir", dir.toString()).firehose().s3Identity()).isEmpty();

        UpPlan exposed = plan("--bind", "0.0.0.0", "--expose", "s3", "--data-dir", dir.toString());
        S3Credentials identity = exposed.firehose().s3Identity().orElseThrow();
        assertThat(exposed.firehose().config().getString(S3Settings.ACCESS_KEY_ID))
                .isEqualTo(identity.accessKeyId());
        assertThat(exposed.firehose()
                        .config()
                        .getPassword(S3Settings.SECRET_ACCESS_KEY)
                        .value())
                .isEqualTo(identity.secretAccessKey());
        assertThat(exposed.flink().options().get(AnalyticsConfig.S3_ACCESS_KEY_ID))
                .isEqualTo(identity.accessKeyId());
        Path file = dir.resolve(UpOptions.S3_CREDENTIALS_FILE);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file))
                .contains("[millrace-s3]", identity.accessKeyId(), identity.secretAccessKey());
        // Kept across restarts: clients configured with it keep working.
        assertThat(plan("--bind", "0.0.0.0", "--expose", "s3", "--data-dir", dir.toString())
                        .firehose()
                        .s3Identity())
                .contains(identity);

        Path config = Files.writeString(
                dir.resolve("keys.properties"),
                "millrace.s3.access-key-id=ops\nmillrace.s3.secret-access-key=opsecret\n");
        assertThat(plan("--expose", "s3", "--data-dir", dir.toString(), "--config", config.toString())
                        .firehose()
                        .s3Identity())
                .contains(new S3Credentials("ops", "opsecret"));
    }

    @Test
    void theFirehoseApiLearnsWhetherTheGatewayChecksItsCallers() {
        // Signed mode decides whether a Lambda function URL must be on the allowlist.
        assertThat(plan().firehose().config().originals()).containsEntry(GatewayConfig.AUTH_MODE, "open");
        assertThat(plan("--bind", "0.0.0.0").firehose().config().originals())
                .containsEntry(GatewayConfig.AUTH_MODE, "signed");
    }

    @Test
    void inSignedModeTheBrokerAuthorizesAndApplicationsGetKafkaUsersWhoseJobsUseThemOnAFlinkClusterOfTheirOwn() {
        UpPlan open = plan();
        assertThat(open.kafka().orElseThrow().authorizer()).isFalse();
        assertThat(open.flink().options().get(AnalyticsConfig.KAFKA_ACLS)).isFalse();

        UpPlan signed = plan("--auth", "signed");
        assertThat(signed.kafka().orElseThrow().authorizer()).isTrue();
        assertThat(signed.flink().options().get(AnalyticsConfig.KAFKA_ACLS)).isTrue();
        // Jobs of the mini-cluster run in this process, on the loopback listener: no credentials of their own.
        assertThat(signed.flink().options().getOptional(AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS))
                .isEmpty();
        assertThat(plan("--auth", "signed", "--expose", "kafka", "--kafka-external-port", "9555")
                        .flink()
                        .options()
                        .getOptional(AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS))
                .isEmpty();

        UpPlan external = plan(
                "--auth",
                "signed",
                "--expose",
                "kafka",
                "--kafka-external-port",
                "9555",
                "--flink-rest-url",
                "http://jobmanager:8081");
        assertThat(external.flink().options().get(AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS))
                .isEqualTo("127.0.0.1:9555");
    }

    @Test
    void connectorsOpenEncryptedRecordsWithTheGatewaysKmsApi() {
        assertThat(plan("--port", "4999").firehose().config().getString(FirehoseConfig.KMS_ENDPOINT))
                .isEqualTo("http://127.0.0.1:4999");
        // A port picked at start is not known yet: connectors are then given no KMS.
        assertThat(plan("--port", "0").firehose().config().getString(FirehoseConfig.KMS_ENDPOINT))
                .isEmpty();
    }

    @Test
    void exposingAServiceThatIsNotEmbeddedOrUnknownIsAUsageError() {
        assertThatThrownBy(() -> plan("--expose", "kafka", "--bootstrap-servers", "k:9092"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--expose kafka exposes the embedded kafka, which --bootstrap-servers replaces")
                .satisfies(e -> assertThat(((LauncherException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> plan("--expose", "connect", "--connect-url", "http://c:8083"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--connect-url");
        assertThatThrownBy(() -> plan("--expose", "zookeeper"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'zookeeper' is not one of kafka, s3, connect, flink");
    }

    @Test
    void oneSetOfKeysConfiguresTheGatewayAndEveryService() throws IOException {
        Path config = Files.writeString(
                dir.resolve("millrace.properties"),
                String.join(
                        "\n",
                        "millrace.gateway.port=5000",
                        "millrace.gateway.bind=0.0.0.0",
                        "millrace.s3.endpoint=http://store:9000",
                        "millrace.s3.region=eu-west-1",
                        "millrace.s3.access-key-id=key",
                        "millrace.s3.secret-access-key=secret",
                        "millrace.firehose.tasks-max=2",
                        "millrace.analytics.max-applications=7"));
        UpPlan plan = plan("--config", config.toString());

        assertThat(plan.kinesis().getInt(GatewayConfig.PORT)).isEqualTo(5000);
        assertThat(plan.kafka().orElseThrow().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(plan.firehose().s3Port()).isEmpty();
        assertThat(plan.firehose().config().getString(S3Settings.REGION)).isEqualTo("eu-west-1");
        assertThat(plan.firehose().config().getInt(FirehoseConfig.TASKS_MAX)).isEqualTo(2);
        Configuration analytics = plan.flink().options();
        assertThat(analytics.get(AnalyticsConfig.S3_ENDPOINT)).isEqualTo("http://store:9000");
        assertThat(analytics.get(AnalyticsConfig.S3_ACCESS_KEY_ID)).isEqualTo("key");
        assertThat(analytics.get(AnalyticsConfig.MAX_APPLICATIONS)).isEqualTo(7);
    }

    @Test
    void eachServiceKeepsTheS3SettingsItWasGivenUnderItsEarlierKeys() throws IOException {
        Path config = Files.writeString(
                dir.resolve("millrace.properties"),
                String.join(
                        "\n",
                        "millrace.firehose.s3.endpoint=http://delivery:9000",
                        "millrace.applications.s3.endpoint=http://code:9000",
                        "millrace.firehose.connect.url=http://connect-1:8083"));
        UpPlan plan = plan("--config", config.toString());

        assertThat(plan.firehose().s3Endpoint()).isEqualTo("http://delivery:9000");
        assertThat(plan.firehose().connectUrl()).isEqualTo("http://connect-1:8083");
        assertThat(plan.firehose().connectPort()).isEmpty();
        assertThat(plan.flink().options().get(AnalyticsConfig.S3_ENDPOINT)).isEqualTo("http://code:9000");
    }

    @Test
    void bootstrapServersInTheConfigFileMeanNoEmbeddedBroker() throws IOException {
        Path config =
                Files.writeString(dir.resolve("millrace.properties"), "bootstrap.servers=kafka-1:9092,kafka-2:9092\n");
        UpPlan plan = plan("--config", config.toString());

        assertThat(plan.kafka()).isEmpty();
        assertThat(plan.kinesis().bootstrapServers()).containsExactly("kafka-1:9092", "kafka-2:9092");
    }

    @Test
    void portZeroPicksRealDistinctPortsForBrokerAndController() {
        EmbeddedKafkaSettings kafka =
                plan("--kafka-port", "0", "--data-dir", dir.toString()).kafka().orElseThrow();
        assertThat(kafka.port()).isPositive();
        assertThat(kafka.controllerPort()).isPositive().isNotEqualTo(kafka.port());
        assertThat(kafka.logDir()).isEqualTo(dir.resolve("kafka").toAbsolutePath());
    }

    @Test
    void firehoseDefaultsAreAnEmbeddedS3StoreOn9000AndAConnectWorkerOn8083() {
        FirehosePlan firehose = plan().firehose();
        assertThat(firehose.s3Port()).contains(9000);
        assertThat(firehose.connectPort()).contains(8083);
        assertThat(firehose.config().getString(S3Settings.ENDPOINT)).isEqualTo("http://127.0.0.1:9000");
        assertThat(firehose.config().getBoolean(S3Settings.PATH_STYLE_ACCESS)).isTrue();
        assertThat(firehose.config().getString(FirehoseConfig.CONNECT_URL)).isEqualTo("http://127.0.0.1:8083");
    }

    @Test
    void flinkDefaultsAreAMiniClusterOn8081WithSavepointsUnderTheDataDir() {
        FlinkPlan flink = plan("--data-dir", dir.toString()).flink();
        assertThat(flink.port()).contains(8081);
        assertThat(flink.restUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(flink.options().get(AnalyticsConfig.FLINK_REST_URL)).isEqualTo("http://127.0.0.1:8081");
        assertThat(flink.options().get(AnalyticsConfig.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(flink.options().get(AnalyticsConfig.SAVEPOINT_DIR))
                .isEqualTo(
                        dir.resolve("flink/savepoints").toAbsolutePath().toUri().toString());
        // Code in S3 comes from the embedded store, as Firehose's objects go to it.
        assertThat(flink.options().get(AnalyticsConfig.S3_ENDPOINT)).isEqualTo("http://127.0.0.1:9000");
        assertThat(flink.options().get(AnalyticsConfig.S3_PATH_STYLE_ACCESS)).isTrue();
        // SQL applications open encrypted streams with KMS Decrypt on the gateway, as Firehose's connectors do.
        assertThat(flink.options().get(AnalyticsConfig.KMS_ENDPOINT)).isEqualTo("http://127.0.0.1:4567");
        // In signed mode the jobs' sources authorize their reads at the gateway's Kinesis API.
        assertThat(flink.options().get(AnalyticsConfig.KINESIS_ENDPOINT)).isEqualTo("http://127.0.0.1:4567");
    }

    @Test
    void aFlinkClusterReplacesTheMiniClusterAndItsSavepointDirComesFromTheConfigurationFile() throws IOException {
        Path config = Files.writeString(
                dir.resolve("millrace.properties"), "millrace.applications.savepoint-dir=s3://shared/savepoints\n");
        FlinkPlan flink = plan("--config", config.toString(), "--flink-rest-url", "http://jobmanager:8081")
                .flink();
        assertThat(flink.port()).isEmpty();
        assertThat(flink.options().get(AnalyticsConfig.FLINK_REST_URL)).isEqualTo("http://jobmanager:8081");
        assertThat(flink.options().get(AnalyticsConfig.SAVEPOINT_DIR)).isEqualTo("s3://shared/savepoints");
        assertThatThrownBy(() -> plan("--flink-rest-url", "http://jm:8081", "--flink-port", "8082"))
                .isInstanceOfSatisfying(
                        LauncherException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("--flink-port");
        assertThatThrownBy(() -> plan("--flink-rest-url", "jobmanager:8081"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("http");
    }

    @Test
    void externalS3AndConnectReplaceTheEmbeddedOnes() throws IOException {
        Path config = Files.writeString(
                dir.resolve("millrace.properties"),
                "millrace.firehose.s3.region=eu-west-1\nmillrace.firehose.s3.endpoint=http://ignored:1\n");
        FirehosePlan firehose = plan(
                        "--config",
                        config.toString(),
                        "--s3-endpoint",
                        "https://s3.eu-west-1.amazonaws.com",
                        "--connect-url",
                        "http://connect-1:8083")
                .firehose();
        assertThat(firehose.s3Port()).isEmpty();
        assertThat(firehose.connectPort()).isEmpty();
        assertThat(firehose.s3Endpoint()).isEqualTo("https://s3.eu-west-1.amazonaws.com");
        assertThat(firehose.connectUrl()).isEqualTo("http://connect-1:8083");
        assertThat(firehose.config().getString(S3Settings.REGION)).isEqualTo("eu-west-1");
    }

    @Test
    void anExternalS3StoreWithoutKeysIsSaidAndHalfAKeyIsRefused() throws IOException {
        assertThat(plan("--s3-endpoint", "http://s3:9000").firehose().missingS3Keys())
                .hasValueSatisfying(warning -> assertThat(warning)
                        .startsWith("S3 endpoint http://s3:9000 without millrace.s3.access-key-id")
                        .contains("embedded: this process's environment")
                        .contains("delivery writes nothing"));
        assertThat(plan("--s3-endpoint", "http://s3:9000", "--connect-url", "http://connect-1:8083")
                        .firehose()
                        .missingS3Keys())
                .hasValueSatisfying(warning -> assertThat(warning).contains("(http://connect-1:8083)"));

        Path keys = Files.writeString(
                dir.resolve("keys.properties"),
                "millrace.s3.access-key-id=AKIDEXAMPLE\nmillrace.s3.secret-access-key=secret\n");
        assertThat(plan("--config", keys.toString(), "--s3-endpoint", "http://s3:9000")
                        .firehose()
                        .missingS3Keys())
                .isEmpty();
        // The embedded store gets keys from the launcher: nothing to say.
        assertThat(plan().firehose().missingS3Keys()).isEmpty();

        Path half = Files.writeString(dir.resolve("half-s3.properties"), "millrace.s3.access-key-id=AKIDEXAMPLE\n");
        assertThatThrownBy(() -> plan("--config", half.toString(), "--s3-endpoint", "http://s3:9000"))
                .isInstanceOfSatisfying(
                        LauncherException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("millrace.s3.access-key-id and millrace.s3.secret-access-key go together");
    }

    @Test
    void embeddedPortsConflictWithExternalServices() {
        assertThatThrownBy(() -> plan("--s3-endpoint", "http://s3:9000", "--s3-port", "9100"))
                .isInstanceOfSatisfying(
                        LauncherException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("--s3-port");
        assertThatThrownBy(() -> plan("--connect-url", "http://c:8083", "--connect-port", "8084"))
                .isInstanceOfSatisfying(
                        LauncherException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("--connect-port");
    }
}
