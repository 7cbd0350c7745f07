package io.millrace.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MemberRulesTest {

    private static final MemberType SHARD_ID = MemberType.text().length(1, 128).pattern(Pattern.compile("[a-z-]+"));
    private static final MemberRules RULES = MemberRules.of("ShardId", SHARD_ID.required())
            .and("ShardIteratorType", MemberType.text().required().oneOf(List.of("LATEST", "TRIM_HORIZON")))
            .and("Limit", MemberType.integer().range(1, 10000))
            .and("Timestamp", MemberType.timestamp())
            .and("Force", MemberType.bool());

    @Test
    void readsEachMemberAsItsType() {
        ObjectNode body = WireCodec.object()
                .put("ShardId", "shard-a")
                .put("ShardIteratorType", "LATEST")
                .put("Limit", 10)
                .put("Timestamp", 1.5)
                .put("Force", true);
        MemberRules.Values values = RULES.read(request(body)).checked();
        assertThat(values.text("ShardId")).isEqualTo("shard-a");
        assertThat(values.integer("Limit")).isEqualTo(10);
        assertThat(values.timestamp("Timestamp")).isEqualTo(Instant.ofEpochMilli(1500));
        assertThat(values.bool("Force")).isTrue();
    }

    @Test
    void reportsEveryViolationInTableOrderWithLowerCamelPaths() {
        ObjectNode body =
                WireCodec.object().put("ShardIteratorType", "SOMEWHERE").put("Limit", 0);
        assertThatThrownBy(() -> RULES.read(request(body)).checked()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo("ValidationException");
            assertThat(e.getMessage())
                    .isEqualTo("3 validation errors detected: "
                            + "Value null at 'shardId' failed to satisfy constraint: Member must not be null; "
                            + "Value 'SOMEWHERE' at 'shardIteratorType' failed to satisfy constraint: Member must"
                            + " satisfy enum value set: [LATEST, TRIM_HORIZON]; "
                            + "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater"
                            + " than or equal to 1");
        });
    }

    @Test
    void aMemberOfTheWrongTypeIsASerializationErrorBeforeAnyConstraint() {
        ObjectNode body =
                WireCodec.object().put("ShardIteratorType", "SOMEWHERE").put("Limit", "ten");
        assertThatThrownBy(() -> RULES.read(request(body))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.type()).isEqualTo("SerializationException");
            assertThat(e.getMessage()).isEqualTo("Member Limit must be an integer, found string");
        });
    }

    @Test
    void checkAddsToTheCallersValidationSoOtherMembersCanComeFirst() {
        Validation validation = new Validation().required("streamName", null);
        RULES.read(request(WireCodec.object().put("ShardId", "UPPER").put("ShardIteratorType", "LATEST")))
                .check(validation);
        assertThatThrownBy(validation::throwIfInvalid)
                .hasMessage("2 validation errors detected: "
                        + "Value null at 'streamName' failed to satisfy constraint: Member must not be null; "
                        + "Value 'UPPER' at 'shardId' failed to satisfy constraint: Member must satisfy regular expression"
                        + " pattern: [a-z-]+");
    }

    @Test
    void aTableIsDeclaredConsistently() {
        assertThatThrownBy(() -> MemberType.integer().length(1, 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RULES.and("Limit", MemberType.integer())).isInstanceOf(IllegalArgumentException.class);
        MemberRules.Values values = RULES.read(request(WireCodec.object()));
        assertThatThrownBy(() -> values.text("NotInTheTable")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AwsRequest request(ObjectNode body) {
        return new AwsRequest(
                "Test_20240101", "Test", body, WireFormat.JSON, "us-east-1", "000000000000", Instant.now());
    }
}
