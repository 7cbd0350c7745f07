package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;

/**
 * A running job renews its role's credentials before they expire, as AWS's SDK providers renew role credentials:
 * the service assumes the role again for it at the gateway's credentials endpoint, so that the job keeps reading and
 * writing past several expiries, until the role no longer trusts the service; and it opens the records of an
 * encrypted stream with KMS Decrypt as the role, allowed or refused by the role's policies.
 */
class JobCredentialsIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    /** Jobs' credentials last 4 s here (7 days by default), so a test sees several expiries. */
    private static final Duration CREDENTIALS = Duration.ofSeconds(3);

    private static final Duration RECHECK = Duration.ofSeconds(1);

    @TempDir
    static Path savepoints;

    private static SignedPlatform platform;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        platform = SignedPlatform.start(flinkRest, savepoints, RECHECK, CREDENTIALS, "job_credentials");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aRunningJobRenewsItsCredentialsAndKeepsReadingAndWritingPastTheirExpiry() throws Exception {
        String input = SignedPlatform.streamHolding(TestStreams.uniqueStream("renew-in"));
        String output = SignedPlatform.streamHolding(TestStreams.uniqueStream("renew-out"));
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("renewing");
        platform.createCopyApplication(name, input, output, role);
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> platform.status(name) == ApplicationStatus.RUNNING);

        // Three lifetimes of the credentials, a record every second: each copied while the job runs on.
        List<String> written = new ArrayList<>();
        long until = System.nanoTime() + CREDENTIALS.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            String value = "v" + written.size();
            SignedPlatform.put(input, value);
            written.add(value);
            Thread.sleep(1000);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> TestStreams.readValues(output), v -> v.size() >= written.size());
        assertThat(TestStreams.readValues(output)).containsExactlyElementsOf(written);
        assertThat(platform.jobFailure(name)).isNull();
        assertThat(platform.status(name)).isEqualTo(ApplicationStatus.RUNNING);

        // Once the role no longer trusts the service, nothing renews them: the job fails when they expire.
        platform.iamClient.updateAssumeRolePolicy(
                r -> r.roleName(role).policyDocument(SignedPlatform.trusting("firehose.amazonaws.com")));
        String failure = Awaitility.await()
                .atMost(CREDENTIALS.multipliedBy(2).plus(Duration.ofSeconds(20)))
                .until(() -> platform.jobFailure(name), f -> f != null);
        assertThat(failure).startsWith("ExpiredTokenException: The security token included in the request is expired");
        // Without checkpoints Flink does not restart it: the application is READY, as after any failed job.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
    }

    @Test
    void aJobDecryptsAnEncryptedStreamAsItsRole() throws Exception {
        String input = TestStreams.uniqueStream("sealed-in");
        platform.kinesisClient.createStream(b -> b.streamName(input).shardCount(1));
        platform.awaitActive(input);
        String keyArn = platform.encryptUnderNewKey(input);
        platform.kinesisClient.putRecord(
                b -> b.streamName(input).partitionKey("k").data(SdkBytes.fromUtf8String("sealed")));
        assertThat(TestStreams.readValues(input)).hasSize(1).doesNotContain("sealed");
        String output = SignedPlatform.streamHolding(TestStreams.uniqueStream("sealed-out"));
        // Reads and writes, not kms:Decrypt on the stream's key.
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("decrypting");
        platform.createCopyApplication(name, input, output, role);
        String session = SignedPlatform.session(role);

        platform.client.startApplication(r -> r.applicationName(name));
        String failure = platform.awaitJobFailure(name);
        assertThat(failure)
                .contains("User: " + session + " is not authorized to perform: kms:Decrypt on resource: " + keyArn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
        assertThat(TestStreams.readValues(output)).isEmpty();
        // What CloudTrail records of it: the role's session asked KMS.
        assertThat(platform.calls.stream()
                        .filter(call -> "Decrypt".equals(call.action()) && call.caller() != null)
                        .map(call -> call.caller().arn()))
                .contains(session);

        platform.putPolicy(
                role, SignedPlatform.copying(input, output, SignedPlatform.statement(keyArn, "kms:Decrypt")));
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> TestStreams.readValues(output), v -> !v.isEmpty());
        assertThat(TestStreams.readValues(output)).containsExactly("sealed");
        platform.client.stopApplication(r -> r.applicationName(name).force(true));
    }
}
