package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentDescription;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeValidationException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Java application (a jar in ZipFileContent) through the SDK client: its main reads its runtime properties, its
 * job runs on the mini-cluster, stops with a snapshot and restores from it with no loss or duplicate.
 */
class JarApplicationIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path savepoints;

    @Test
    void aJarApplicationRunsWithItsPropertiesAndRestoresFromItsSnapshot(@InjectClusterRESTAddress URI restAddress)
            throws Exception {
        String input = TestStreams.uniqueStream("jar-in");
        String output = TestStreams.uniqueStream("jar-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 50));
        String name = "jar-" + input;

        try (AnalyticsTestGateway gateway = AnalyticsTestGateway.start(
                restAddress, savepoints, TestStreams.uniqueStream("__millrace_analytics"), false)) {
            KinesisAnalyticsV2Client client = gateway.client();
            assertThatThrownBy(() -> client.createApplication(jarApplication(name, jar(null), input, output)))
                    .isInstanceOf(CodeValidationException.class)
                    .hasMessageContaining("Main-Class");

            byte[] jar = jar(CopyStreamJob.class);
            ApplicationDetail created = client.createApplication(jarApplication(name, jar, input, output))
                    .applicationDetail();
            CodeContentDescription code = created.applicationConfigurationDescription()
                    .applicationCodeConfigurationDescription()
                    .codeContentDescription();
            assertThat(code.codeSize()).isEqualTo(jar.length);
            assertThat(code.codeMD5()).hasSize(32);

            client.startApplication(r -> r.applicationName(name));
            awaitStatus(client, name, ApplicationStatus.RUNNING);
            await().atMost(TIMEOUT).until(() -> committed(output).size() >= 50);
            client.stopApplication(r -> r.applicationName(name));
            awaitStatus(client, name, ApplicationStatus.READY);

            TestStreams.put(input, records(50, 100));
            client.startApplication(r -> r.applicationName(name));
            awaitStatus(client, name, ApplicationStatus.RUNNING);
            await().atMost(TIMEOUT).until(() -> committed(output).size() >= 100);
            Thread.sleep(1500);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("java-" + i);
            }
            assertThat(committed(output)).hasSize(100).containsExactlyInAnyOrderElementsOf(expected);

            client.stopApplication(r -> r.applicationName(name).force(true));
            awaitStatus(client, name, ApplicationStatus.READY);
            client.deleteApplication(r -> r.applicationName(name).createTimestamp(created.createTimestamp()));
        }
    }

    @Test
    void aJarInS3IsReadWhenTheApplicationIsCreatedAndRuns(@InjectClusterRESTAddress URI restAddress) throws Exception {
        String input = TestStreams.uniqueStream("s3jar-in");
        String output = TestStreams.uniqueStream("s3jar-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 20));
        String name = "s3-" + input;
        byte[] jar = jar(CopyStreamJob.class);

        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "code-key", "code-secret")
                .build();
        proxy.start();
        try {
            await().atMost(TIMEOUT).until(() -> "STARTED".equals(proxy.getState()));
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            try (S3Client s3 = S3Client.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("code-key", "code-secret")))
                    .build()) {
                s3.createBucket(r -> r.bucket("code"));
                s3.putObject(r -> r.bucket("code").key("apps/copy.jar"), RequestBody.fromBytes(jar));
            }
            Configuration options = new Configuration();
            options.set(AnalyticsConfig.S3_ENDPOINT, endpoint);
            options.set(AnalyticsConfig.S3_PATH_STYLE_ACCESS, true);
            options.set(AnalyticsConfig.S3_ACCESS_KEY_ID, "code-key");
            options.set(AnalyticsConfig.S3_SECRET_ACCESS_KEY, "code-secret");
            try (AnalyticsTestGateway gateway = AnalyticsTestGateway.start(
                    restAddress, savepoints, TestStreams.uniqueStream("__millrace_analytics"), false, options)) {
                KinesisAnalyticsV2Client client = gateway.client();
                assertThatThrownBy(() -> client.createApplication(s3Application(name, "apps/nope.jar", input, output)))
                        .isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("s3://code/apps/nope.jar");

                CodeContentDescription code = client.createApplication(
                                s3Application(name, "apps/copy.jar", input, output))
                        .applicationDetail()
                        .applicationConfigurationDescription()
                        .applicationCodeConfigurationDescription()
                        .codeContentDescription();
                assertThat(code.s3ApplicationCodeLocationDescription().fileKey())
                        .isEqualTo("apps/copy.jar");
                assertThat(code.codeSize()).isEqualTo(jar.length);

                client.startApplication(r -> r.applicationName(name));
                awaitStatus(client, name, ApplicationStatus.RUNNING);
                await().atMost(TIMEOUT).until(() -> committed(output).size() >= 20);
                client.stopApplication(r -> r.applicationName(name).force(true));
                awaitStatus(client, name, ApplicationStatus.READY);
            }
        } finally {
            proxy.stop();
        }
    }

    private static CreateApplicationRequest s3Application(String name, String key, String input, String output) {
        CreateApplicationRequest zip = jarApplication(name, new byte[0], input, output);
        return zip.toBuilder()
                .applicationConfiguration(zip.applicationConfiguration().toBuilder()
                        .applicationCodeConfiguration(code -> code.codeContentType(CodeContentType.ZIPFILE)
                                .codeContent(content -> content.s3ContentLocation(
                                        l -> l.bucketARN("arn:aws:s3:::code").fileKey(key))))
                        .build())
                .build();
    }

    static CreateApplicationRequest jarApplication(String name, byte[] jar, String input, String output) {
        return CreateApplicationRequest.builder()
                .applicationName(name)
                .runtimeEnvironment(RuntimeEnvironment.FLINK_1_20)
                .serviceExecutionRole("arn:aws:iam::000000000000:role/millrace")
                .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                code -> code.codeContentType(CodeContentType.ZIPFILE)
                                        .codeContent(content -> content.zipFileContent(SdkBytes.fromByteArray(jar))))
                        .environmentProperties(p -> p.propertyGroups(g -> g.propertyGroupId("streams")
                                .propertyMap(Map.of(
                                        "input",
                                        input,
                                        "output",
                                        output,
                                        "bootstrap.servers",
                                        TestStreams.bootstrapServers()))))
                        .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(true))
                        .flinkApplicationConfiguration(
                                f -> f.checkpointConfiguration(cp -> cp.configurationType(ConfigurationType.CUSTOM)
                                        .checkpointingEnabled(true)
                                        .checkpointInterval(300L)
                                        .minPauseBetweenCheckpoints(100L))))
                .build();
    }

    /** A jar holding {@code main} as its Main-Class (or, with null, a jar with no main class at all). */
    static byte[] jar(Class<?> main) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Class<?> included = main != null ? main : JarApplicationIT.class;
        if (main != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
                InputStream classFile = included.getResourceAsStream(included.getSimpleName() + ".class")) {
            out.putNextEntry(new JarEntry(included.getName().replace('.', '/') + ".class"));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void awaitStatus(KinesisAnalyticsV2Client client, String name, ApplicationStatus status) {
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> client.describeApplication(r -> r.applicationName(name))
                                .applicationDetail()
                                .applicationStatus(),
                        s -> s == status);
    }

    private static List<String> committed(String stream) {
        return TestStreams.readCommitted(stream).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<StreamRecord> records(int from, int to) {
        List<StreamRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new StreamRecord(i % 2, Integer.toString(i), Integer.toString(i), 1_700_000_000_000L + i));
        }
        return records;
    }
}
