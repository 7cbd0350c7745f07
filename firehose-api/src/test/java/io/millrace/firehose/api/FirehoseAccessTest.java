package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Firehose action is authorized on the delivery stream it names, as AWS's reference lists it. */
class FirehoseAccessTest {

    private static final String STREAM_ARN = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/clicks";
    private static final ObjectMapper JSON = new ObjectMapper();

    // The real registry: the actions only keep what they are given until they serve a call.
    private final ActionRegistry registry = FirehoseApi.actions(
            new DeliveryStreamAdminActions(null, null, null, null, null, null, null, null),
            new RecordPutActions(null, null, null, null, null),
            new TagActions(null),
            new DestinationUpdateActions(null, null, null, null, null, null),
            new EncryptionActions(null, null, null),
            () -> "");

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        assertThat(registry.actionNames()).hasSizeGreaterThan(10);
        assertThat(FirehoseAccess.mappedActions()).containsAll(registry.actionNames());
        for (String action : registry.actionNames()) {
            assertThat(new FirehoseAccess().accessOf(request(action, "{}")))
                    .as(action)
                    .isNotNull();
        }
    }

    @Test
    void deliveryStreamActionsNeedTheirPermissionOnTheStream() throws Exception {
        for (String action : List.of("PutRecordBatch", "DescribeDeliveryStream", "UpdateDestination")) {
            assertThat(registry.access(request(action, "{\"DeliveryStreamName\":\"clicks\"}")))
                    .containsExactly(AccessRequest.of("firehose:" + action, STREAM_ARN));
        }
    }

    @Test
    void creatingWithTagsAlsoNeedsTagDeliveryStream() throws Exception {
        assertThat(registry.access(request(
                        "CreateDeliveryStream",
                        "{\"DeliveryStreamName\":\"clicks\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"web\"}]}")))
                .containsExactly(
                        AccessRequest.of("firehose:CreateDeliveryStream", STREAM_ARN),
                        AccessRequest.of("firehose:TagDeliveryStream", STREAM_ARN));
        assertThat(registry.access(request("CreateDeliveryStream", "{\"DeliveryStreamName\":\"clicks\"}")))
                .containsExactly(AccessRequest.of("firehose:CreateDeliveryStream", STREAM_ARN));
    }

    @Test
    void listingAndNamelessCallsAreOnAnyResource() throws Exception {
        assertThat(registry.access(request("ListDeliveryStreams", "{}")))
                .containsExactly(AccessRequest.of("firehose:ListDeliveryStreams", "*"));
        assertThat(registry.access(request("PutRecord", "{}")))
                .containsExactly(AccessRequest.of("firehose:PutRecord", "*"));
    }

    private static AwsRequest request(String action, String body) throws Exception {
        return new AwsRequest(
                FirehoseApi.TARGET_PREFIX,
                action,
                JSON.readTree(body),
                WireFormat.JSON,
                "eu-west-1",
                "123456789012",
                Instant.now());
    }
}
