package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every application API action is authorized on the application it names, as AWS's reference lists it. */
class AnalyticsAccessTest {

    private static final String APP_ARN = "arn:aws:kinesisanalytics:eu-west-1:123456789012:application/enrich";
    private static final ObjectMapper JSON = new ObjectMapper();

    // The real registry: the actions only keep what they are given until they serve a call.
    private final ActionRegistry registry = AnalyticsApi.actions(
            new ApplicationActions(null, null, null, Runnable::run, 1, null),
            new UpdateActions(null, null, null, Runnable::run, null),
            new SnapshotActions(null, null),
            new TagActions(null),
            new OperationActions(null));

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        assertThat(registry.actionNames()).hasSizeGreaterThan(10);
        assertThat(AnalyticsAccess.mappedActions()).containsAll(registry.actionNames());
        for (String action : registry.actionNames()) {
            assertThat(new AnalyticsAccess().accessOf(request(action, "{}")))
                    .as(action)
                    .isNotNull();
        }
    }

    @Test
    void applicationActionsNeedTheirPermissionOnTheApplication() throws Exception {
        for (String action : List.of("StartApplication", "CreateApplicationSnapshot", "DescribeApplicationOperation")) {
            assertThat(registry.access(request(action, "{\"ApplicationName\":\"enrich\"}")))
                    .containsExactly(AccessRequest.of("kinesisanalytics:" + action, APP_ARN));
        }
    }

    @Test
    void tagActionsNeedTheirPermissionOnTheResourceArn() throws Exception {
        assertThat(registry.access(request("TagResource", "{\"ResourceARN\":\"" + APP_ARN + "\"}")))
                .containsExactly(AccessRequest.of("kinesisanalytics:TagResource", APP_ARN));
    }

    @Test
    void listingAndNamelessCallsAreOnAnyResource() throws Exception {
        assertThat(registry.access(request("ListApplications", "{}")))
                .containsExactly(AccessRequest.of("kinesisanalytics:ListApplications", "*"));
        assertThat(registry.access(request("DeleteApplication", "{}")))
                .containsExactly(AccessRequest.of("kinesisanalytics:DeleteApplication", "*"));
    }

    private static AwsRequest request(String action, String body) throws Exception {
        return new AwsRequest(
                AnalyticsApi.TARGET_PREFIX,
                action,
                JSON.readTree(body),
                WireFormat.JSON,
                "eu-west-1",
                "123456789012",
                Instant.now());
    }
}
