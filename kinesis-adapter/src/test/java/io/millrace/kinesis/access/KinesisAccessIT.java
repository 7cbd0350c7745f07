package io.millrace.kinesis.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.api.KinesisApi;
import io.millrace.kinesis.testkit.TestGateway;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The registry of a running Kinesis API maps every action it serves to its resources, so an action added later
 * cannot fall back to {@code *} unnoticed. (Building the registry needs a started service, hence an IT.)
 */
class KinesisAccessIT {

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        ActionRegistry registry =
                (ActionRegistry) TestGateway.shared().kinesis().apis().get(0);
        assertThat(registry.actionNames()).contains("PutResourcePolicy", "SubscribeToShard", "PutRecords");
        assertThat(KinesisAccess.mappedActions()).containsAll(registry.actionNames());
        KinesisAccess access = new KinesisAccess((streamArn, name) -> java.util.Optional.empty());
        for (String action : registry.actionNames()) {
            AwsRequest request = new AwsRequest(
                    KinesisApi.TARGET_PREFIX,
                    action,
                    new ObjectMapper().createObjectNode().put("StreamName", "orders"),
                    WireFormat.JSON,
                    "eu-west-1",
                    "123456789012",
                    Instant.now());
            assertThat(access.accessOf(request)).as(action).isNotNull().isNotEmpty();
            assertThat(registry.access(request)).as(action).isNotEmpty();
        }
    }
}
