package io.millrace.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.application.AnalyticsConfig;
import io.millrace.analytics.application.AnalyticsService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.launcher.flink.EmbeddedFlink;
import io.millrace.launcher.memory.MemoryConfig;
import io.millrace.launcher.net.Ports;
import io.millrace.testkit.LocalClients;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;

/**
 * Signed mode on the launcher's own broker with its authorizer on and its SASL/SCRAM listener: an application gets a
 * Kafka user of its own, and what that user may read and write follows its ServiceExecutionRole's policies. The
 * application's jar takes the credentials its job is given and passes them out, so the test connects exactly as a
 * jar's own KafkaConsumer would: allowed on the stream its role may read, refused elsewhere and on writes, allowed on
 * a second stream once a PutRolePolicy grants it, refused altogether once the application is deleted; meanwhile its
 * job's MillraceStreams sink is refused until the same PutRolePolicy allows kinesis:PutRecords on its output. A SQL
 * application's tables connect as its user too: its job's writes are refused by the broker until the role may
 * PutRecords on the output stream.
 */
class ApplicationKafkaAclsIT {

    private static final String ACCOUNT = "123456789012";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";
    private static final Duration PROPAGATION = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedFlink flink;
    private static IamService iam;
    private static KinesisService kinesis;
    private static AnalyticsService analytics;
    private static Gateway gateway;
    private static KinesisAnalyticsV2Client applications;
    private static IamClient iamClient;
    private static KinesisClient kinesisClient;

    @BeforeAll
    static void start() throws Exception {
        int external = Ports.pickFree();
        kafka = EmbeddedKafka.start(new EmbeddedKafkaSettings(
                        dir.resolve("kafka"),
                        "127.0.0.1",
                        Ports.pickFree(),
                        Ports.pickFree(),
                        Optional.of(new KafkaExposure("127.0.0.1", external, dir.resolve("kafka-client.properties"))))
                .withAuthorizer());
        flink = EmbeddedFlink.start("127.0.0.1", 0, 2, new MemoryConfig(Map.of()));
        int port = Ports.pickFree();
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        props.put(GatewayConfig.PORT, String.valueOf(port));
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET);
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        KinesisConfig config = new KinesisConfig(props);
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        kinesis = KinesisService.start(config);
        Configuration options = new Configuration();
        options.set(AnalyticsConfig.FLINK_REST_URL, flink.restUrl().toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(
                AnalyticsConfig.SAVEPOINT_DIR, dir.resolve("savepoints").toUri().toString());
        options.set(AnalyticsConfig.KAFKA_ACLS, true);
        options.set(AnalyticsConfig.JOB_KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + external);
        options.set(AnalyticsConfig.KAFKA_ACL_INTERVAL, Duration.ofSeconds(1));
        analytics = AnalyticsService.start(
                options,
                config.kafkaClientProperties(),
                false,
                CompletableFuture.completedFuture(null),
                iam.serviceRoles(ResourcePolicies.NONE));
        gateway = Gateway.start(
                config,
                List.of(kinesis, analytics, iam),
                iam.accessControl(ResourcePolicies.firstOf(List.of(kinesis.resourcePolicies()))));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        StaticCredentialsProvider root =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET));
        applications = LocalClients.pointedAt(KinesisAnalyticsV2Client.builder(), endpoint, Duration.ofSeconds(60))
                .credentialsProvider(root)
                .build();
        iamClient = LocalClients.pointedAt(IamClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
        kinesisClient = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part :
                new AutoCloseable[] {applications, iamClient, kinesisClient, gateway, analytics, kinesis, iam}) {
            if (part != null) {
                part.close();
            }
        }
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anApplicationsKafkaUserMayReadWhatItsRoleMayGetRecordsFromAndNothingOnceDeleted() throws Exception {
        createStream("orders");
        createStream("payments");
        createStream("echoes");
        iamClient.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(TRUST));
        putPolicy("reader", policy(reads("orders")));
        Path out = dir.resolve("job-kafka.properties");
        SdkBytes code = SdkBytes.fromByteArray(jar());
        applications.createApplication(r -> r.applicationName("reader-app")
                .runtimeEnvironment(RuntimeEnvironment.FLINK_1_20)
                .serviceExecutionRole("arn:aws:iam::" + ACCOUNT + ":role/reader")
                .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                cc -> cc.codeContentType(CodeContentType.ZIPFILE)
                                        .codeContent(content -> content.zipFileContent(code)))
                        .environmentProperties(p -> p.propertyGroups(g -> g.propertyGroupId("test")
                                .propertyMap(Map.of(
                                        "out",
                                        out.toString(),
                                        "input",
                                        "orders",
                                        "output",
                                        "echoes",
                                        "bootstrap.servers",
                                        kafka.bootstrapServers()))))));
        applications.startApplication(r -> r.applicationName("reader-app"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out));
        Properties job = new Properties();
        try (Reader reader = Files.newBufferedReader(out)) {
            job.load(reader);
        }
        // The job connects to the SASL listener as the application's own user, not as the platform.
        assertThat(job.getProperty("bootstrap.servers"))
                .isEqualTo(kafka.settings().exposure().orElseThrow().bootstrapServers());
        assertThat(job.getProperty("sasl.jaas.config")).contains("username=\"app-" + ACCOUNT + "-reader-app\"");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> applications
                                .describeApplication(r -> r.applicationName("reader-app"))
                                .applicationDetail()
                                .applicationStatus()
                        == ApplicationStatus.RUNNING);

        assertThat(firstRecord(job, "orders")).isEqualTo("order-1");
        assertThatThrownBy(() -> firstRecord(job, "payments")).isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(job, "orders")).hasCauseInstanceOf(TopicAuthorizationException.class);
        // The job's MillraceStreams sink writes as the application's user: refused while the role may not PutRecords.
        await().atMost(Duration.ofSeconds(60)).until(() -> jobFailure("reader-app") != null);
        assertThat(jobFailure("reader-app")).contains("AuthorizationException");
        assertThat(readAll(platform(), "echoes")).containsExactly("echoe-1");

        long granted = System.nanoTime();
        putPolicy("reader", policy(reads("orders", "payments"), statement("kinesis:PutRecords", "echoes")));
        await().atMost(PROPAGATION)
                .ignoreException(TopicAuthorizationException.class)
                .until(() -> "payment-1".equals(firstRecord(job, "payments")));
        System.out.printf(
                "ApplicationKafkaAclsIT: payments readable %d ms after PutRolePolicy%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - granted));
        // The restarting job's sink is let in too: it copies orders into echoes.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> readAll(platform(), "echoes").contains("order-1"));
        System.out.printf(
                "ApplicationKafkaAclsIT: the job wrote %d ms after PutRolePolicy%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - granted));

        long created = applications
                .describeApplication(r -> r.applicationName("reader-app"))
                .applicationDetail()
                .createTimestamp()
                .getEpochSecond();
        applications.deleteApplication(
                r -> r.applicationName("reader-app").createTimestamp(java.time.Instant.ofEpochSecond(created)));
        await().atMost(PROPAGATION)
                .untilAsserted(() -> assertThatThrownBy(() -> firstRecord(job, "orders"))
                        .isInstanceOf(SaslAuthenticationException.class));
    }

    @Test
    void aSqlApplicationsTablesWriteAsItsUserOnlyWhereItsRoleMayPutRecords() {
        createStream("invoices");
        createStream("copies");
        iamClient.createRole(r -> r.roleName("copier").assumeRolePolicyDocument(TRUST));
        putPolicy("copier", policy(reads("invoices")));
        String sql = "CREATE TABLE src (data STRING) WITH ('connector' = 'millrace', 'stream' = 'invoices',"
                + " 'format' = 'raw');\n"
                + "CREATE TABLE dst (data STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',"
                + " 'stream' = 'copies', 'format' = 'raw');\n"
                + "INSERT INTO dst SELECT data, data FROM src;";
        applications.createApplication(r -> r.applicationName("copier-app")
                .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                .serviceExecutionRole("arn:aws:iam::" + ACCOUNT + ":role/copier")
                .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                cc -> cc.codeContentType(CodeContentType.PLAINTEXT)
                                        .codeContent(content -> content.textContent(sql)))
                        // Without checkpoints Flink does not restart a failed job: the application goes READY.
                        .flinkApplicationConfiguration(f -> f.checkpointConfiguration(cp ->
                                cp.configurationType(ConfigurationType.CUSTOM).checkpointingEnabled(false)))));

        // The role may not put records into copies: the broker refuses the job's writes as the application's user.
        applications.startApplication(r -> r.applicationName("copier-app"));
        await().atMost(Duration.ofSeconds(90)).until(() -> jobFailure("copier-app"), failure -> failure != null);
        assertThat(jobFailure("copier-app")).contains("AuthorizationException");
        await().atMost(Duration.ofSeconds(60)).until(() -> status("copier-app") == ApplicationStatus.READY);
        assertThat(readAll(platform(), "copies")).containsExactly("copie-1");

        putPolicy("copier", policy(reads("invoices"), statement("kinesis:PutRecords", "copies")));
        applications.startApplication(r -> r.applicationName("copier-app"));
        await().atMost(Duration.ofSeconds(90))
                .until(() -> readAll(platform(), "copies").contains("invoice-1"));
    }

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"kinesisanalytics.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** A statement allowing kinesis:GetRecords (and what a source calls before it) on these streams only. */
    private static String reads(String... streams) {
        StringBuilder resources = new StringBuilder();
        for (String stream : streams) {
            resources
                    .append(resources.isEmpty() ? "" : ",")
                    .append("\"arn:aws:kinesis:us-east-1:")
                    .append(ACCOUNT)
                    .append(":stream/")
                    .append(stream)
                    .append('"');
        }
        return "{\"Effect\":\"Allow\",\"Action\":[\"kinesis:GetRecords\",\"kinesis:GetShardIterator\","
                + "\"kinesis:DescribeStream\"],\"Resource\":[" + resources + "]}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static void putPolicy(String role, String policy) {
        iamClient.putRolePolicy(r -> r.roleName(role).policyName("streams").policyDocument(policy));
    }

    private static String statement(String action, String stream) {
        return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"arn:aws:kinesis:us-east-1:" + ACCOUNT
                + ":stream/" + stream + "\"}";
    }

    private static ApplicationStatus status(String name) {
        return applications
                .describeApplication(r -> r.applicationName(name))
                .applicationDetail()
                .applicationStatus();
    }

    /** The ErrorString of the application's first FlinkJobFailure operation, null while it has none. */
    private static String jobFailure(String name) {
        return applications
                .listApplicationOperations(r -> r.applicationName(name))
                .applicationOperationInfoList()
                .stream()
                .filter(info -> info.operation().equals("FlinkJobFailure"))
                .findFirst()
                .map(info -> applications
                        .describeApplicationOperation(
                                r -> r.applicationName(name).operationId(info.operationId()))
                        .applicationOperationInfoDetails()
                        .operationFailureDetails()
                        .errorInfo()
                        .errorString())
                .orElse(null);
    }

    /** The platform's own access: the loopback listener, a super user. */
    private static Properties platform() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    /** A one-shard stream holding one record, {@code <singular>-1}. */
    private static void createStream(String name) {
        kinesisClient.createStream(r -> r.streamName(name).shardCount(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesisClient
                                .describeStreamSummary(r -> r.streamName(name))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        String data = name.substring(0, name.length() - 1) + "-1";
        kinesisClient.putRecord(r -> r.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String(data)));
    }

    /** The first record of the stream's topic (named as the stream), read with these Kafka settings. */
    private static String firstRecord(Properties job, String topic) {
        List<String> records = readAll(job, topic);
        return records.isEmpty() ? null : records.get(0);
    }

    /** The records of the stream's one-shard topic as one poll of up to 10 s finds them. */
    private static List<String> readAll(Properties job, String topic) {
        Map<String, Object> settings = asMap(job);
        settings.put("default.api.timeout.ms", 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition shard = new TopicPartition(topic, 0);
            consumer.assign(List.of(shard));
            consumer.seekToBeginning(List.of(shard));
            long end = consumer.endOffsets(List.of(shard)).get(shard);
            List<String> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumer.position(shard) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return records;
        }
    }

    private static void write(Properties job, String topic) throws Exception {
        Map<String, Object> settings = asMap(job);
        // Not idempotent: a user without any WRITE is refused InitProducerId at the cluster, before the topic.
        settings.put("enable.idempotence", "false");
        settings.put("acks", "1");
        settings.put("max.block.ms", 10_000);
        settings.put("delivery.timeout.ms", 10_000);
        settings.put("request.timeout.ms", 5_000);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {1})).get(20, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> asMap(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    /** The jar of {@link KafkaIdentityJob}, its Main-Class. */
    private static byte[] jar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, KafkaIdentityJob.class.getName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest);
                InputStream classFile = KafkaIdentityJob.class.getResourceAsStream("KafkaIdentityJob.class")) {
            jar.putNextEntry(new JarEntry(KafkaIdentityJob.class.getName().replace('.', '/') + ".class"));
            classFile.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
