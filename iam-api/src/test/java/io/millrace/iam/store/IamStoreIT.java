package io.millrace.iam.store;

import static io.millrace.iam.testkit.IamNode.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.iam.IamConfig;
import io.millrace.iam.testkit.IamNode;
import io.millrace.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The IAM store on the embedded broker: shared by every gateway within seconds, durable, secrets never in clear. */
class IamStoreIT {

    private static final String POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    void aChangeOnOneGatewayIsSeenOnTheOtherWithinSeconds() {
        String topic = "__millrace_iam_two_nodes_it";
        try (IamNode first = IamNode.start(topic);
                IamNode second = IamNode.start(topic)) {
            first.iam("CreateUser", form("UserName", "shared"));
            JsonNode key =
                    first.iam("CreateAccessKey", form("UserName", "shared")).get("AccessKey");
            String keyId = key.get("AccessKeyId").asText();
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(second.service().keys().find(keyId, null))
                            .map(SigningCredential::secretAccessKey)
                            .contains(key.get("SecretAccessKey").asText()));

            second.iam("UpdateAccessKey", form("UserName", "shared", "AccessKeyId", keyId, "Status", "Inactive"));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() ->
                            assertThat(first.service().keys().find(keyId, null)).isEmpty());

            // A write on one gateway right after a write on the other builds on it: the second writer catches up
            // with the log before deciding.
            first.iam("PutUserPolicy", form("UserName", "shared", "PolicyName", "a", "PolicyDocument", POLICY));
            second.iam("PutUserPolicy", form("UserName", "shared", "PolicyName", "b", "PolicyDocument", POLICY));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(first.iam("ListUserPolicies", form("UserName", "shared"))
                                    .get("PolicyNames"))
                            .hasSize(2));
        }
    }

    @Test
    void everythingSurvivesARestartAndSecretsAreStoredEncrypted() throws Exception {
        String topic = "__millrace_iam_restart_it";
        String keyId;
        String secret;
        String userId;
        try (IamNode node = IamNode.start(topic)) {
            userId = node.iam("CreateUser", form("UserName", "durable", "Path", "/kept/"))
                    .get("User")
                    .get("UserId")
                    .asText();
            JsonNode key =
                    node.iam("CreateAccessKey", form("UserName", "durable")).get("AccessKey");
            keyId = key.get("AccessKeyId").asText();
            secret = key.get("SecretAccessKey").asText();
            node.iam("CreateRole", form("RoleName", "kept-role", "AssumeRolePolicyDocument", TRUST));
            String arn = node.iam("CreatePolicy", form("PolicyName", "kept-policy", "PolicyDocument", POLICY))
                    .get("Policy")
                    .get("Arn")
                    .asText();
            node.iam("AttachRolePolicy", form("RoleName", "kept-role", "PolicyArn", arn));
        }

        try (IamNode restarted = IamNode.start(topic)) {
            JsonNode user =
                    restarted.iam("GetUser", form("UserName", "durable")).get("User");
            assertThat(user.get("UserId").asText()).isEqualTo(userId);
            assertThat(user.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/kept/durable");
            assertThat(restarted.service().keys().find(keyId, null))
                    .map(SigningCredential::secretAccessKey)
                    .contains(secret);
            assertThat(restarted
                            .iam("ListAttachedRolePolicies", form("RoleName", "kept-role"))
                            .get("AttachedPolicies")
                            .get(0)
                            .get("PolicyName")
                            .asText())
                    .isEqualTo("kept-policy");
        }

        assertThat(topicBytes(topic)).doesNotContain(secret).contains(keyId);

        // Under another IAM secret key the users are there, but no stored secret opens.
        try (IamNode otherKey =
                IamNode.start(topic, Map.of(IamConfig.SECRET_KEY, "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="))) {
            assertThat(otherKey.service().store().users().get("durable")).isPresent();
            assertThat(otherKey.service().keys().find(keyId, null)).isEmpty();
        }
    }

    /** Everything in the topic, as text, as anyone who can read it sees it. */
    private static String topicBytes(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafka.shared().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        StringBuilder text = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return text.toString();
    }
}
