package io.millrace.cloudtrail.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudtrail.trail.EventSelector;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailSelection;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a call becomes in the trail: CloudTrail's classification, identity and parameters, blobs and secrets left out. */
class CloudTrailEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";

    @Test
    void dataEventsAreRecordedOnlyWhenSwitchedOnAndWithoutTheirData() throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("StreamName", "orders");
        ObjectNode record = request.putArray("Records").addObject();
        record.put("Data", "c2VjcmV0IHBheWxvYWQ=");
        record.put("PartitionKey", "k");
        record.putPOJO("Blob", new byte[0]);
        request.putArray("Records").addObject().put("Data", "c2VjcmV0").put("PartitionKey", "k");
        ApiCall putRecords = call("Kinesis_20131202", "PutRecords", request, Principal.root(ACCOUNT));

        assertThat(new CloudTrailEvents(false).of(putRecords)).isEmpty();
        CloudTrailEvent event = new CloudTrailEvents(true).of(putRecords).orElseThrow();

        assertThat(event.getEventCategory()).isEqualTo("Data");
        assertThat(event.getManagementEvent()).isFalse();
        assertThat(event.getReadOnly()).isFalse();
        JsonNode shown = JSON.readTree(event.getRequestParameters());
        assertThat(shown.path("streamName").asText()).isEqualTo("orders");
        assertThat(shown.path("records").get(0).path("partitionKey").asText()).isEqualTo("k");
        assertThat(event.getRequestParameters()).doesNotContain("c2VjcmV0", "data");
        assertThat(event.getResources()).singleElement().satisfies(resource -> {
            assertThat(resource.getType()).isEqualTo("AWS::Kinesis::Stream");
            assertThat(resource.getName()).isEqualTo("orders");
        });
    }

    @Test
    void eachServiceClassifiesItsCallsAsCloudTrailDoes() {
        CloudTrailEvents events = new CloudTrailEvents(false);
        ObjectNode none = JSON.createObjectNode();
        // Firehose's record calls are data events; KMS's cryptographic calls are read-only management events.
        assertThat(events.of(call("Firehose_20150804", "PutRecordBatch", none, null)))
                .isEmpty();
        CloudTrailEvent decrypt =
                events.of(call("TrentService", "Decrypt", none, null)).orElseThrow();
        assertThat(decrypt.getEventSource()).isEqualTo("kms.amazonaws.com");
        assertThat(decrypt.getManagementEvent()).isTrue();
        assertThat(decrypt.getReadOnly()).isTrue();
        CloudTrailEvent create =
                events.of(call("Kinesis_20131202", "CreateStream", none, null)).orElseThrow();
        assertThat(create.getReadOnly()).isFalse();
        assertThat(create.getEventSource()).isEqualTo("kinesis.amazonaws.com");
        assertThat(events.of(call("DynamoDB_20120810", "PutItem", none, null))).isEmpty();
        assertThat(events.of(call("DynamoDB_20120810", "CreateTable", none, null)))
                .isPresent();
        // Lambda's Invoke is a data event, without its payload; its other actions are management events.
        ObjectNode invoke = JSON.createObjectNode().put("FunctionName", "orders-fn");
        invoke.putObject("Payload").put("card", "4111");
        ApiCall invoked = call("AWSLambda_20150331", "Invoke", invoke, null);
        assertThat(events.of(invoked)).isEmpty();
        CloudTrailEvent invokeEvent = new CloudTrailEvents(true).of(invoked).orElseThrow();
        assertThat(invokeEvent.getEventSource()).isEqualTo("lambda.amazonaws.com");
        assertThat(invokeEvent.getEventCategory()).isEqualTo("Data");
        assertThat(invokeEvent.getRequestParameters()).contains("orders-fn").doesNotContain("4111");
        assertThat(invokeEvent.getResources()).singleElement().satisfies(resource -> {
            assertThat(resource.getType()).isEqualTo("AWS::Lambda::Function");
            assertThat(resource.getName()).isEqualTo("orders-fn");
        });
        CloudTrailEvent createFunction = events.of(call("AWSLambda_20150331", "CreateFunction", none, null))
                .orElseThrow();
        assertThat(createFunction.getManagementEvent()).isTrue();
        // Lambda's management events carry the API version AWS records them with; reads and Invoke do not.
        assertThat(createFunction.getEventName()).isEqualTo("CreateFunction20150331");
        assertThat(events.of(call("AWSLambda_20150331", "UpdateFunctionConfiguration", none, null))
                        .orElseThrow()
                        .getEventName())
                .isEqualTo("UpdateFunctionConfiguration20150331v2");
        assertThat(events.of(call("AWSLambda_20150331", "GetFunction", none, null))
                        .orElseThrow()
                        .getEventName())
                .isEqualTo("GetFunction");
        assertThat(invokeEvent.getEventName()).isEqualTo("Invoke");
        assertThat(create.getEventName()).isEqualTo("CreateStream");
        assertThat(events.of(call("Kinesis_20131202", "ListStreams", none, null))
                        .orElseThrow()
                        .getReadOnly())
                .isTrue();
    }

    @Test
    void anAssumedRoleSessionNamesItsRoleAsSessionIssuer() {
        Principal session = new Principal(
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/reader/job-7",
                "arn:aws:iam::" + ACCOUNT + ":role/reader",
                ACCOUNT,
                "AROAREADER:job-7",
                null,
                Principal.Type.ASSUMED_ROLE);
        CloudTrailEvent event = new CloudTrailEvents(false)
                .of(call("Kinesis_20131202", "ListStreams", JSON.createObjectNode(), session))
                .orElseThrow();

        JsonNode identity = EventJson.of(event).path("userIdentity");
        assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
        assertThat(identity.path("principalId").asText()).isEqualTo("AROAREADER:job-7");
        JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
        assertThat(issuer.path("type").asText()).isEqualTo("Role");
        assertThat(issuer.path("principalId").asText()).isEqualTo("AROAREADER");
        assertThat(issuer.path("arn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/reader");
        assertThat(issuer.path("userName").asText()).isEqualTo("reader");
        assertThat(UserIdentities.username(event.getUserIdentity())).isEqualTo("job-7");
    }

    @Test
    void secretsInAnswersAreNeverRecorded() throws Exception {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode key = response.putObject("AccessKey");
        key.put("AccessKeyId", "AKIAEXAMPLE");
        key.put("SecretAccessKey", "very-secret");
        key.putPOJO("CreateDate", Instant.parse("2026-12-06T10:00:00Z"));
        ApiCall call = new ApiCall(
                "req-1",
                Instant.now(),
                "AWSIdentityManagementV20100508",
                "CreateAccessKey",
                "iam",
                "us-east-1",
                ACCOUNT,
                Principal.root(ACCOUNT),
                "AKIAROOT",
                false,
                "10.0.0.1",
                "aws-cli/2",
                new ApiCall.Tls("TLSv1.3", "TLS_AES_128_GCM_SHA256", "gateway:4443"),
                JSON.createObjectNode().put("UserName", "alice"),
                response,
                null);

        JsonNode json = EventJson.of(new CloudTrailEvents(false).of(call).orElseThrow());

        assertThat(json.path("responseElements")
                        .path("accessKey")
                        .path("accessKeyId")
                        .asText())
                .isEqualTo("AKIAEXAMPLE");
        assertThat(json.path("responseElements")
                        .path("accessKey")
                        .path("createDate")
                        .asText())
                .isEqualTo("2026-12-06T10:00:00Z");
        assertThat(json.toString()).doesNotContain("very-secret");
        assertThat(json.path("tlsDetails").path("tlsVersion").asText()).isEqualTo("TLSv1.3");
        assertThat(json.path("tlsDetails").path("clientProvidedHostHeader").asText())
                .isEqualTo("gateway:4443");
        assertThat(json.path("userIdentity").path("type").asText()).isEqualTo("Root");
        assertThat(json.path("requestParameters").path("userName").asText()).isEqualTo("alice");
    }

    @Test
    void anOversizeRequestIsOmittedAsCloudTrailDoesSoTheEventStaysSmall() throws Exception {
        String huge = "x".repeat(CloudTrailEvents.MAX_FIELD_BYTES + 1);
        ObjectNode request = JSON.createObjectNode();
        request.put("DeliveryStreamName", huge);
        request.put("DeliveryStreamType", "DirectPut");
        ApiCall refused = new ApiCall(
                "req-2",
                Instant.now(),
                "Firehose_20150804",
                "CreateDeliveryStream",
                null,
                "us-east-1",
                ACCOUNT,
                Principal.root(ACCOUNT),
                null,
                false,
                "127.0.0.1",
                "fuzz",
                null,
                request,
                null,
                io.millrace.gateway.protocol.ApiException.validation(
                        "1 validation error detected: Value '" + huge + "' at 'deliveryStreamName'"));

        CloudTrailEvent event = new CloudTrailEvents(false).of(refused).orElseThrow();

        assertThat(JSON.readTree(event.getRequestParameters()).path("omitted").asBoolean())
                .isTrue();
        assertThat(event.getErrorMessage()).hasSize(CloudTrailEvents.MAX_ERROR_MESSAGE_CHARS + 3);
        assertThat(event.getResources()).isEmpty();
        assertThat(event.toByteBuffer().remaining()).isLessThan(16 * 1024);

        request.put("DeliveryStreamName", "orders");
        CloudTrailEvent small = new CloudTrailEvents(false).of(refused).orElseThrow();
        assertThat(JSON.readTree(small.getRequestParameters())
                        .path("deliveryStreamName")
                        .asText())
                .isEqualTo("orders");
    }

    @Test
    void aTrailTakesInvokeEventsOfTheFunctionItsSelectorNames() {
        ObjectNode request = JSON.createObjectNode().put("FunctionName", "orders-fn");
        CloudTrailEvent invoke = new CloudTrailEvents(true)
                .of(call("AWSLambda_20150331", "Invoke", request, null))
                .orElseThrow();
        String arn = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:";
        assertThat(TrailSelection.takes(selecting(arn + "orders-fn"), invoke)).isTrue();
        assertThat(TrailSelection.takes(selecting(arn + "other-fn"), invoke)).isFalse();
        assertThat(TrailSelection.takes(selecting("arn:aws:lambda"), invoke)).isTrue();
    }

    /** A logging trail whose one selector asks for the data events of the Lambda functions {@code value} names. */
    private static Trail selecting(String value) {
        return Trail.created(
                        new Trail.TrailId(
                                "audit",
                                "inc-1",
                                "arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/audit",
                                ACCOUNT,
                                "us-east-1"),
                        new Trail.Destination("logs", "", false, true))
                .withSelectors(List.of(new EventSelector(
                        EventSelector.ALL,
                        false,
                        List.of(new EventSelector.DataResource("AWS::Lambda::Function", List.of(value))))))
                .started(0L);
    }

    private static ApiCall call(String prefix, String action, JsonNode request, Principal caller) {
        return new ApiCall(
                "req",
                Instant.now(),
                prefix,
                action,
                null,
                "us-east-1",
                ACCOUNT,
                caller,
                null,
                false,
                "127.0.0.1",
                "test",
                null,
                request,
                null,
                null);
    }
}
