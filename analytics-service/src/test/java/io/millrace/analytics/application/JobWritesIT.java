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
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;

/**
 * A running job writes as its application's role, as it reads: its sink is allowed or refused
 * {@code kinesis:PutRecords} by the role's policies at the gateway, before its first record and every
 * {@link #RECHECK} while it writes, in AWS's words, as the role's session, which the audit trail records as the
 * caller.
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
        String inputArn = SignedPlatform.streamArn(input);
        String outputArn = SignedPlatform.streamArn(output);
        String readsOnly = SignedPlatform.policy(SignedPlatform.statement(
                inputArn, "kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords"));
        String role = platform.role(readsOnly);
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

        platform.putPolicy(
                role,
                SignedPlatform.policy(
                        SignedPlatform.statement(
                                inputArn, "kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords"),
                        SignedPlatform.statement(outputArn, "kinesis:PutRecords")));
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
        platform.putPolicy(
                role,
                SignedPlatform.policy(SignedPlatform.statement(
                        SignedPlatform.streamArn(input),
                        "kinesis:DescribeStream",
                        "kinesis:GetShardIterator",
                        "kinesis:GetRecords")));
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
