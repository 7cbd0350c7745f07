package io.millrace.launcher.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The exposed store with the platform's IAM behind it, wired as {@code up --expose s3} wires it: IAM users' keys and
 * STS sessions sign requests, each authorized with the caller's policies, refused with S3's errors; the platform's
 * own identity keeps working. Through the SDK's S3 client and the AWS CLI v2.
 */
class ExposedS3UsersIT {

    private static final String ACCOUNT = "123456789012";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";
    private static final AwsCredentials ROOT = AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET);
    private static final Duration PROPAGATION = Duration.ofSeconds(15);
    private static final String BUCKET = "lake";
    /** Allows PutObject under in/ of the bucket, and nothing else. */
    private static final String WRITE_IN = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/in/*\"}]}";

    @TempDir
    static Path dir;

    private static IamService iam;
    private static Gateway gateway;
    private static EmbeddedS3 s3;
    private static S3Credentials platform;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET);
        props.put(
                IamConfig.TOPIC,
                "__millrace_iam_s3_" + UUID.randomUUID().toString().substring(0, 8));
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        GatewayConfig config = new GatewayConfig(props);
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        gateway = Gateway.start(config, List.of(iam), iam.accessControl(ResourcePolicies.NONE));
        platform = S3Credentials.loadOrCreate(dir.resolve("s3-credentials"));
        s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, Optional.of(platform));
        s3.acceptKeysOf(iam.accessControl(ResourcePolicies.NONE));
        try (S3Client owner = s3(AwsBasicCredentials.create(platform.accessKeyId(), platform.secretAccessKey()))) {
            owner.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (iam != null) {
            iam.close();
        }
    }

    @Test
    void aUserMayDoWhatItsPolicyAllowsAndIsRefusedAsS3RefusesOtherwise() {
        AccessKey key = userWithKey("writer-" + suffix(), WRITE_IN);
        AwsCredentials credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        try (S3Client writer = s3(credentials);
                S3Client wrongSecret = s3(AwsBasicCredentials.create(key.accessKeyId(), "not-the-secret"));
                S3Client stranger = s3(AwsBasicCredentials.create("AKIANOBODYNOBODYNOBO", "secret"));
                S3Client owner = s3(AwsBasicCredentials.create(platform.accessKeyId(), platform.secretAccessKey()))) {
            await().atMost(PROPAGATION)
                    .ignoreExceptions()
                    .untilAsserted(() ->
                            writer.putObject(b -> b.bucket(BUCKET).key("in/a.txt"), RequestBody.fromString("allowed")));

            assertRefused(
                    () -> writer.putObject(b -> b.bucket(BUCKET).key("out/a.txt"), RequestBody.fromString("no")),
                    "AccessDenied",
                    "is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::lake/out/a.txt because no"
                            + " identity-based policy allows the s3:PutObject action");
            assertRefused(
                    () -> writer.getObject(b -> b.bucket(BUCKET).key("in/a.txt"), ResponseTransformer.toBytes()),
                    "AccessDenied",
                    "s3:GetObject on resource: arn:aws:s3:::lake/in/a.txt");
            assertRefused(() -> writer.listObjectsV2(b -> b.bucket(BUCKET)), "AccessDenied", "s3:ListBucket");
            // The signature is checked before the policy, as on AWS.
            assertRefused(
                    () -> wrongSecret.putObject(b -> b.bucket(BUCKET).key("out/b.txt"), RequestBody.fromString("x")),
                    "SignatureDoesNotMatch",
                    "");
            assertRefused(() -> stranger.listObjectsV2(b -> b.bucket(BUCKET)), "InvalidAccessKeyId", "");
            // The platform's own identity may do everything, and finds what the user wrote.
            assertThat(owner.getObject(b -> b.bucket(BUCKET).key("in/a.txt"), ResponseTransformer.toBytes())
                            .asUtf8String())
                    .isEqualTo("allowed");

            try (IamClient root = iam()) {
                root.deleteAccessKey(b -> b.userName(userOf(key)).accessKeyId(key.accessKeyId()));
            }
            await().atMost(PROPAGATION)
                    .untilAsserted(() -> assertRefused(
                            () -> writer.putObject(
                                    b -> b.bucket(BUCKET).key("in/c.txt"), RequestBody.fromString("revoked")),
                            "InvalidAccessKeyId",
                            ""));
        }
    }

    @Test
    void temporaryCredentialsOfAnAssumedRoleWorkWithTheirTokenOnly() throws Exception {
        String user = "assumer-" + suffix();
        String role = "reader-" + suffix();
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + role;
        AccessKey key = userWithKey(
                user,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                        + "\"Resource\":\"" + roleArn + "\"}]}");
        try (IamClient root = iam()) {
            root.createRole(b -> b.roleName(role)
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":user/" + user + "\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}"));
            root.putRolePolicy(b -> b.roleName(role)
                    .policyName("read")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                            + "[\"s3:ListBucket\",\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + BUCKET + "\","
                            + "\"arn:aws:s3:::" + BUCKET + "/*\"]}]}"));
        }
        Credentials session;
        try (StsClient sts = sts(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
            session = await().atMost(PROPAGATION)
                    .ignoreExceptions()
                    .until(
                            () -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s3"))
                                    .credentials(),
                            found -> found != null);
        }
        AwsSessionCredentials temporary =
                AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
        try (S3Client reader = s3(temporary);
                S3Client withoutToken =
                        s3(AwsBasicCredentials.create(session.accessKeyId(), session.secretAccessKey()))) {
            assertThat(reader.listObjectsV2(b -> b.bucket(BUCKET))
                            .sdkHttpResponse()
                            .isSuccessful())
                    .isTrue();
            assertRefused(
                    () -> reader.putObject(b -> b.bucket(BUCKET).key("in/r.txt"), RequestBody.fromString("x")),
                    "AccessDenied",
                    "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/s3 is not authorized to perform:"
                            + " s3:PutObject");
            assertRefused(() -> withoutToken.listObjectsV2(b -> b.bucket(BUCKET)), "InvalidAccessKeyId", "");
        }
        // The AWS CLI v2 with the session in its environment.
        Cli listed = cli(temporary, "s3", "ls", "s3://" + BUCKET);
        assertThat(listed.exitCode()).as(listed.output()).isZero();
    }

    @Test
    void theAwsCliWritesWhereThePolicyAllowsAndIsRefusedElsewhere() throws Exception {
        AccessKey key = userWithKey("cli-" + suffix(), WRITE_IN);
        AwsCredentials credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        Path file = Files.writeString(dir.resolve("cli.txt"), "from the cli");
        await().atMost(PROPAGATION)
                .untilAsserted(
                        () -> assertThat(cli(credentials, "s3", "cp", file.toString(), "s3://" + BUCKET + "/in/cli.txt")
                                        .exitCode())
                                .isZero());
        Cli refused = cli(credentials, "s3", "cp", file.toString(), "s3://" + BUCKET + "/out/cli.txt");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output())
                .contains("AccessDenied")
                .contains("s3:PutObject on resource: arn:aws:s3:::lake/out/cli.txt");
    }

    private static void assertRefused(Runnable call, String code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
        });
    }

    private static AccessKey userWithKey(String user, String policy) {
        try (IamClient root = iam()) {
            root.createUser(b -> b.userName(user));
            root.putUserPolicy(b -> b.userName(user).policyName("p").policyDocument(policy));
            return root.createAccessKey(b -> b.userName(user)).accessKey();
        }
    }

    private static String userOf(AccessKey key) {
        return key.userName();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private record Cli(int exitCode, String output) {}

    /** /usr/bin/aws (v2) with {@code credentials} in its environment, pointed at the store. */
    private static Cli cli(AwsCredentials credentials, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", s3.endpoint()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        env.remove("AWS_SESSION_TOKEN");
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Cli(process.exitValue(), output);
    }

    private static S3Client s3(AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .forcePathStyle(true)
                .build();
    }

    private static IamClient iam() {
        return LocalClients.pointedAt(IamClient.builder(), gatewayEndpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(ROOT))
                .build();
    }

    private static StsClient sts(AwsCredentials credentials) {
        return LocalClients.pointedAt(StsClient.builder(), gatewayEndpoint(), Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    private static URI gatewayEndpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }
}
