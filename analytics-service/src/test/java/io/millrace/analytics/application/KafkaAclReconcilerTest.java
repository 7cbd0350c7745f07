package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.schemas.analytics.ApplicationMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

/** What an application's Kafka user may do, derived from what its role may do on each stream. */
class KafkaAclReconcilerTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/app";
    private static final String STREAMS = "arn:aws:kinesis:eu-west-1:123456789012:stream/";

    /** The role may GetRecords on orders and PutRecords on totals, nothing else. */
    private static boolean allows(String role, String action, String resource) {
        return role.equals(ROLE)
                && ((action.equals("kinesis:GetRecords") && resource.equals(STREAMS + "orders"))
                        || (action.equals("kinesis:PutRecords") && resource.equals(STREAMS + "totals")));
    }

    @Test
    void readsWhereTheRoleMayGetRecordsWritesWhereItMayPutRecordsAndNothingElse() {
        KafkaAclReconciler reconciler =
                new KafkaAclReconciler(null, null, null, KafkaAclReconcilerTest::allows, "__millrace_metadata");

        Set<AclBinding> bindings = reconciler.bindingsOf(
                application("copy"), Map.of("orders", "orders", "totals", "totals", "secrets", "secrets-x1"));

        assertThat(described(bindings))
                .containsExactlyInAnyOrder(
                        "TOPIC LITERAL __millrace_metadata READ",
                        "TOPIC LITERAL __millrace_metadata DESCRIBE",
                        "GROUP PREFIXED app-123456789012-copy READ",
                        "GROUP PREFIXED app-123456789012-copy DESCRIBE",
                        "TOPIC LITERAL orders READ",
                        "TOPIC LITERAL orders DESCRIBE",
                        "TOPIC LITERAL totals WRITE",
                        "TOPIC LITERAL totals DESCRIBE",
                        "TRANSACTIONAL_ID PREFIXED millrace-totals WRITE",
                        "TRANSACTIONAL_ID PREFIXED millrace-totals DESCRIBE",
                        "TRANSACTIONAL_ID PREFIXED app-123456789012-copy WRITE",
                        "TRANSACTIONAL_ID PREFIXED app-123456789012-copy DESCRIBE");
        assertThat(bindings).allSatisfy(binding -> {
            assertThat(binding.entry().principal()).isEqualTo("User:app-123456789012-copy");
            assertThat(binding.entry().host()).isEqualTo("*");
        });
    }

    @Test
    void aRoleThatMayDoNothingOnStreamsReadsOnlyTheShardMaps() {
        KafkaAclReconciler reconciler =
                new KafkaAclReconciler(null, null, null, (role, action, resource) -> false, "__millrace_metadata");

        assertThat(described(reconciler.bindingsOf(application("idle"), Map.of("orders", "orders"))))
                .containsExactlyInAnyOrder(
                        "TOPIC LITERAL __millrace_metadata READ",
                        "TOPIC LITERAL __millrace_metadata DESCRIBE",
                        "GROUP PREFIXED app-123456789012-idle READ",
                        "GROUP PREFIXED app-123456789012-idle DESCRIBE");
    }

    private static List<String> described(Set<AclBinding> bindings) {
        return bindings.stream()
                .map(b -> b.pattern().resourceType() + " " + b.pattern().patternType() + " "
                        + b.pattern().name() + " " + b.entry().operation())
                .collect(Collectors.toList());
    }

    private static ApplicationMetadata application(String name) {
        return ApplicationMetadata.newBuilder()
                .setName(name)
                .setArn("arn:aws:kinesisanalytics:eu-west-1:123456789012:application/" + name)
                .setIncarnation("i-1")
                .setVersion(1)
                .setApplicationVersionId(1)
                .setStatus("RUNNING")
                .setRuntimeEnvironment("FLINK-1_20")
                .setServiceExecutionRole(ROLE)
                .setConfiguration("{}")
                .setCreatedAtMillis(1)
                .setUpdatedAtMillis(1)
                .setSnapshots(List.of())
                .build();
    }
}
