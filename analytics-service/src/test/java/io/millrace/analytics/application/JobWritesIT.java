package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.gateway.audit.ApiCall;
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
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;

/**
 * A running job writes as its application's role, as it reads: its sink is allowed or refused
 * {@code kinesis:PutRecords} by the role's policies at the gateway, before its first record and every
 * {@link #RECHECK} while it writes, in AWS's words, as the role's session, which the audit trail records as the
 * caller. An idle sink asks on a timer, so a job whose role lost the permission fails though nothing is written.
 * Into a stream encrypted with StartStreamEncryption the job writes the envelopes PutRecords writes, with data keys
 * from KMS GenerateDataKey asked as the role.
 */
class JobWritesIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final Duration RECHECK = Duration.ofSeconds(1);

    @TempDir
    static Path savepoints;

    private static SignedPlatform platform;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        platform = SignedPlatform.start(flinkRest, savepoints, RECHECK, Duration.ofDays(7), "job_writes");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aJobWritesOnlyWhatItsRolesPoliciesLetItWrite() throws Exception {
        String input = SignedPlatform.streamHolding(TestStreams.uniqueStream("writes-in"), "first");
        String output = SignedPlatform.streamHolding(TestStreams.uniqueStream("writes-out"));
        String outputArn = SignedPlatform.streamArn(output);
        String role = platform.role(SignedPlatform.readingOnly(input));
        String name = TestStreams.uniqueStream("writer");
        platform.createCopyApplication(name, input, output, role);
        String session = "arn:aws:sts::" + SignedPlatform.ACCOUNT + ":assumed-role/" + role + "/kinesisanalytics";
        String refusal = "AccessDeniedException: User: " + session + " is not authorized to perform:"
                + " kinesis:PutRecords on resource: " + outputArn
                + " because no identity-based policy allows the kinesis:PutRecords action";

        platform.client.startApplication(r -> r.applicationName(name));
        String failure = Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> platform.jobFailure(name), f -> f != null);
        assertThat(failure).isEqualTo(refusal);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
        assertThat(TestStreams.readValues(output)).isEmpty();
        // What CloudTrail records of the refused call: the role's session is the caller.
        assertThat(putRecordsCalls(outputArn, "AccessDeniedException"))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.caller().arn()).isEqualTo(session));

        platform.putPolicy(role, SignedPlatform.copying(input, output));
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> TestStreams.readValues(output), v -> v.contains("first"));
        assertThat(putRecordsCalls(outputArn, "ValidationException"))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.caller().arn()).isEqualTo(session));

        platform.client.stopApplication(r -> r.applicationName(name).force(true));
    }

    @Test
    void aRunningJobStopsWritingOnceItsRolesPoliciesNoLongerLetIt() throws Exception {
        String input = SignedPlatform.streamHolding(TestStreams.uniqueStream("revoked-in"), "first");
        String output = SignedPlatform.streamHolding(TestStreams.uniqueStream("revoked-out"));
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("revoked-writer");
        platform.createCopyApplication(name, input, output, role);
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> TestStreams.readValues(output), v -> v.contains("first"));

        // Revoked while records flow: a record after the next re-check fails the job, which writes nothing more.
        platform.putPolicy(role, SignedPlatform.readingOnly(input));
        long revoked = System.nanoTime();
        List<String> written = new ArrayList<>();
        String failure = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            String value = "after-" + written.size();
                            SignedPlatform.put(input, value);
                            written.add(value);
                            return platform.jobFailure(name);
                        },
                        f -> f != null);
        long stoppedMillis = (System.nanoTime() - revoked) / 1_000_000;
        assertThat(failure)
                .isEqualTo("AccessDeniedException: User: arn:aws:sts::" + SignedPlatform.ACCOUNT + ":assumed-role/"
                        + role + "/kinesisanalytics is not authorized to perform: kinesis:PutRecords on resource: "
                        + SignedPlatform.streamArn(output)
                        + " because no identity-based policy allows the kinesis:PutRecords action");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
        System.out.printf("Writes refused %d ms after PutRolePolicy (re-check every %s)%n", stoppedMillis, RECHECK);
        List<String> copied = TestStreams.readValues(output);
        assertThat(copied).startsWith("first");
        assertThat(written).containsAll(copied.subList(1, copied.size()));
        assertThat(copied.size() - 1).isLessThan(written.size());
    }

    @Test
    void anIdleJobFailsOnceItsRoleMayNoLongerWrite() throws Exception {
        // No record ever reaches the sink: only the guard's timer can notice the revocation.
        String input = SignedPlatform.streamHolding(TestStreams.uniqueStream("idle-in"));
        String output = SignedPlatform.streamHolding(TestStreams.uniqueStream("idle-out"));
        String outputArn = SignedPlatform.streamArn(output);
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("idle-writer");
        platform.createCopyApplication(name, input, output, role);
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> !putRecordsCalls(outputArn, "ValidationException").isEmpty());
        // Re-asked on the timer while idle, not only when the sink opened.
        int asked = putRecordsCalls(outputArn, "ValidationException").size();
        Awaitility.await()
                .atMost(RECHECK.multipliedBy(10))
                .until(() -> putRecordsCalls(outputArn, "ValidationException").size() > asked);
        assertThat(platform.status(name)).isEqualTo(ApplicationStatus.RUNNING);

        platform.putPolicy(role, SignedPlatform.readingOnly(input));
        long revoked = System.nanoTime();
        String failure = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> platform.jobFailure(name), f -> f != null);
        long stoppedMillis = (System.nanoTime() - revoked) / 1_000_000;

        assertThat(failure)
                .isEqualTo("AccessDeniedException: User: arn:aws:sts::" + SignedPlatform.ACCOUNT + ":assumed-role/"
                        + role + "/kinesisanalytics is not authorized to perform: kinesis:PutRecords on resource: "
                        + outputArn + " because no identity-based policy allows the kinesis:PutRecords action");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
        System.out.printf("Idle job failed %d ms after PutRolePolicy (re-check every %s)%n", stoppedMillis, RECHECK);
        assertThat(TestStreams.readValues(input)).isEmpty();
        assertThat(TestStreams.readValues(output)).isEmpty();
    }

    @Test
    void aJobEncryptsWhatItWritesIntoAnEncryptedStreamAsItsRole() throws Exception {
        String input = SignedPlatform.streamHolding(TestStreams.uniqueStream("plain-in"), "plain-one", "plain-two");
        String output = TestStreams.uniqueStream("sealed-out");
        platform.kinesisClient.createStream(b -> b.streamName(output).shardCount(1));
        platform.awaitActive(output);
        String keyArn = platform.encryptUnderNewKey(output);
        // Reads and writes, not kms:GenerateDataKey on the output's key.
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("sealing");
        platform.createCopyApplication(name, input, output, role);
        String session = SignedPlatform.session(role);

        platform.client.startApplication(r -> r.applicationName(name));
        String failure = platform.awaitJobFailure(name);
        // What PutRecords answers a producer without kms:GenerateDataKey on an encrypted stream's key.
        assertThat(failure)
                .startsWith("KMSAccessDeniedException: User: " + session
                        + " is not authorized to perform: kms:GenerateDataKey on resource: " + keyArn);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> platform.status(name) == ApplicationStatus.READY);
        assertThat(TestStreams.readValues(output)).isEmpty();

        platform.putPolicy(
                role, SignedPlatform.copying(input, output, SignedPlatform.statement(keyArn, "kms:GenerateDataKey")));
        platform.client.startApplication(r -> r.applicationName(name));
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> TestStreams.readValues(output), v -> v.size() >= 2);
        platform.client.stopApplication(r -> r.applicationName(name).force(true));

        // The topic holds envelopes; GetRecords opens them as it opens what PutRecords sealed.
        assertThat(TestStreams.readValues(output))
                .hasSize(2)
                .noneSatisfy(value -> assertThat(value).contains("plain-"));
        String iterator = platform.kinesisClient
                .getShardIterator(b -> b.streamName(output)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = platform.kinesisClient
                .getRecords(b -> b.shardIterator(iterator))
                .records();
        assertThat(records).extracting(r -> r.data().asUtf8String()).containsExactly("plain-one", "plain-two");
        assertThat(records).extracting(Record::encryptionType).containsOnly(EncryptionType.KMS);
        // What CloudTrail records of it: the role's session asked KMS for the data key.
        assertThat(platform.calls.stream()
                        .filter(call -> "GenerateDataKey".equals(call.action())
                                && call.caller() != null
                                && call.error() == null)
                        .map(call -> call.caller().arn()))
                .contains(session);
    }

    /** The audit trail's PutRecords calls on the stream that were answered {@code errorCode}. */
    private static List<ApiCall> putRecordsCalls(String streamArn, String errorCode) {
        String stream = streamArn.substring(streamArn.lastIndexOf('/') + 1);
        return platform.calls.stream()
                .filter(call -> "PutRecords".equals(call.action()))
                .filter(call -> call.request() != null
                        && stream.equals(call.request().path("StreamName").asText()))
                .filter(call ->
                        call.error() != null && errorCode.equals(call.error().type()))
                .toList();
    }
}
