package io.millrace.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudtrail.testkit.AuditedNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;

/**
 * A scripted session in signed mode, through the real SDK and the AWS CLI v2: the account's root makes an IAM user,
 * the user makes calls (allowed, refused, malformed, one with a wrong secret), and the trail read back with
 * LookupEvents holds exactly those calls, newest first, each with the right principal, request id and error code.
 * Nothing waits for the trail: each event is in the topic before its call is answered.
 */
class AuditedSessionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuditedNode node;
    private static CloudTrailClient cloudTrail;

    @BeforeAll
    static void start() throws Exception {
        node = AuditedNode.shared();
        cloudTrail = node.client(CloudTrailClient.builder(), AuditedNode.ROOT);
    }

    @AfterAll
    static void stop() {
        if (cloudTrail != null) {
            cloudTrail.close();
        }
    }

    @Test
    void theTrailOfASessionHoldsEveryCallWithItsPrincipalAndOutcome() throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        String stream = alice + "-orders";
        AccessKey key;
        String userId;
        try (IamClient root = node.client(IamClient.builder(), AuditedNode.ROOT)) {
            userId = root.createUser(b -> b.userName(alice)).user().userId();
            root.putUserPolicy(b -> b.userName(alice)
                    .policyName("own-streams")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"kinesis:CreateStream\",\"kinesis:DescribeStreamSummary\"],"
                            + "\"Resource\":\"arn:aws:kinesis:*:*:stream/${aws:username}-*\"}]}"));
            key = root.createAccessKey(b -> b.userName(alice)).accessKey();
        }
        AwsCredentials aliceKey = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        List<String> requestIds = new ArrayList<>();
        List<String> errorCodes = new ArrayList<>();
        try (KinesisClient kinesis = node.client(KinesisClient.builder(), aliceKey);
                KinesisClient impostor =
                        node.client(KinesisClient.builder(), AwsBasicCredentials.create(key.accessKeyId(), "wrong"))) {
            requestIds.add(kinesis.createStream(b -> b.streamName(stream).shardCount(1))
                    .responseMetadata()
                    .requestId());
            errorCodes.add(null);
            requestIds.add(kinesis.describeStreamSummary(b -> b.streamName(stream))
                    .responseMetadata()
                    .requestId());
            errorCodes.add(null);
            AwsServiceException denied = refused(() -> kinesis.deleteStream(b -> b.streamName(stream)));
            assertThat(denied).isInstanceOf(AccessDeniedException.class);
            requestIds.add(denied.requestId());
            errorCodes.add(denied.awsErrorDetails().errorCode());
            AwsServiceException malformed = refused(
                    () -> kinesis.createStream(b -> b.streamName(alice + "-bad").shardCount(0)));
            requestIds.add(malformed.requestId());
            errorCodes.add(malformed.awsErrorDetails().errorCode());
            AwsServiceException badSignature = refused(impostor::listStreams);
            assertThat(badSignature.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            requestIds.add(badSignature.requestId());
            errorCodes.add(badSignature.awsErrorDetails().errorCode());
        }

        // By access key: every call signed with it, the refused signature too, newest first.
        List<Event> byKey = lookup(LookupAttributeKey.ACCESS_KEY_ID, key.accessKeyId(), null);
        assertThat(byKey)
                .extracting(Event::eventName)
                .containsExactly(
                        "ListStreams", "CreateStream", "DeleteStream", "DescribeStreamSummary", "CreateStream");
        List<String> newestFirst = new ArrayList<>(requestIds);
        java.util.Collections.reverse(newestFirst);
        List<String> codesNewestFirst = new ArrayList<>(errorCodes);
        java.util.Collections.reverse(codesNewestFirst);
        for (int i = 0; i < byKey.size(); i++) {
            JsonNode event = JSON.readTree(byKey.get(i).cloudTrailEvent());
            assertThat(event.path("requestID").asText()).isEqualTo(newestFirst.get(i));
            assertThat(
                            event.path("errorCode").isMissingNode()
                                    ? null
                                    : event.path("errorCode").asText())
                    .isEqualTo(codesNewestFirst.get(i));
            assertThat(event.path("eventSource").asText()).isEqualTo("kinesis.amazonaws.com");
            assertThat(event.path("eventVersion").asText()).isEqualTo("1.09");
            assertThat(event.path("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(event.path("recipientAccountId").asText()).isEqualTo(AuditedNode.ACCOUNT);
            assertThat(event.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
            assertThat(event.path("userAgent").asText()).contains("aws-sdk-java");
            assertThat(event.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(event.path("userIdentity").path("accessKeyId").asText()).isEqualTo(key.accessKeyId());
        }

        // By user name: the authenticated calls only, each with the whole identity of the IAM user.
        List<Event> byUser = lookup(LookupAttributeKey.USERNAME, alice, null);
        assertThat(byUser)
                .extracting(Event::eventName)
                .containsExactly("CreateStream", "DeleteStream", "DescribeStreamSummary", "CreateStream");
        JsonNode created = JSON.readTree(byUser.get(3).cloudTrailEvent());
        JsonNode identity = created.path("userIdentity");
        assertThat(identity.path("type").asText()).isEqualTo("IAMUser");
        assertThat(identity.path("principalId").asText()).isEqualTo(userId);
        assertThat(identity.path("arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/" + alice);
        assertThat(identity.path("accountId").asText()).isEqualTo(AuditedNode.ACCOUNT);
        assertThat(identity.path("userName").asText()).isEqualTo(alice);
        assertThat(created.path("requestParameters").path("streamName").asText())
                .isEqualTo(stream);
        assertThat(created.path("requestParameters").path("shardCount").asInt()).isEqualTo(1);
        assertThat(created.path("readOnly").asBoolean()).isFalse();
        assertThat(created.path("managementEvent").asBoolean()).isTrue();
        assertThat(byUser.get(3).username()).isEqualTo(alice);
        assertThat(byUser.get(3).resources()).singleElement().satisfies(resource -> {
            assertThat(resource.resourceType()).isEqualTo("AWS::Kinesis::Stream");
            assertThat(resource.resourceName()).isEqualTo(stream);
        });
        JsonNode described = JSON.readTree(byUser.get(2).cloudTrailEvent());
        assertThat(described.path("readOnly").asBoolean()).isTrue();
        assertThat(described.path("responseElements").isNull()).isTrue();
        JsonNode denied = JSON.readTree(byUser.get(1).cloudTrailEvent());
        assertThat(denied.path("errorMessage").asText())
                .startsWith("User: arn:aws:iam::123456789012:user/" + alice + " is not authorized to perform:"
                        + " kinesis:DeleteStream");
        assertThat(byUser.get(0).eventTime()).isAfterOrEqualTo(byUser.get(3).eventTime());

        // The root's IAM calls: the secret of the new key is never recorded.
        Event keyCreated = lookup(LookupAttributeKey.EVENT_NAME, "CreateAccessKey", null).stream()
                .filter(event -> event.cloudTrailEvent().contains(key.accessKeyId()))
                .findFirst()
                .orElseThrow();
        JsonNode keyEvent = JSON.readTree(keyCreated.cloudTrailEvent());
        assertThat(keyCreated.username()).isEqualTo("root");
        assertThat(keyEvent.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
        assertThat(keyEvent.path("userIdentity").path("type").asText()).isEqualTo("Root");
        assertThat(keyEvent.path("responseElements")
                        .path("accessKey")
                        .path("accessKeyId")
                        .asText())
                .isEqualTo(key.accessKeyId());
        assertThat(keyCreated.cloudTrailEvent()).doesNotContain(key.secretAccessKey());

        // Paging one event at a time gives the same trail; a resource name finds the stream's events.
        List<Event> paged = new ArrayList<>();
        cloudTrail
                .lookupEventsPaginator(b -> b.lookupAttributes(attribute(LookupAttributeKey.USERNAME, alice))
                        .maxResults(1))
                .forEach(page -> {
                    assertThat(page.events()).hasSizeLessThanOrEqualTo(1);
                    paged.addAll(page.events());
                });
        assertThat(paged)
                .extracting(Event::eventId)
                .containsExactlyElementsOf(byUser.stream().map(Event::eventId).toList());
        assertThat(lookup(LookupAttributeKey.RESOURCE_NAME, stream, null))
                .extracting(Event::eventName)
                .containsExactly("DeleteStream", "DescribeStreamSummary", "CreateStream");
        assertThat(lookup(LookupAttributeKey.EVENT_ID, byUser.get(2).eventId(), null))
                .extracting(Event::eventName)
                .containsExactly("DescribeStreamSummary");
        assertThat(lookup(LookupAttributeKey.USERNAME, alice, Instant.now().plusSeconds(3600)))
                .isEmpty();
    }

    @Test
    void lookupsAreRefusedWithCloudTrailsErrors() {
        assertThatThrownBy(() -> cloudTrail.lookupEvents(b -> b.maxResults(51)))
                .isInstanceOf(InvalidMaxResultsException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(b -> b.maxResults(0)))
                .isInstanceOf(InvalidMaxResultsException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(
                        b -> b.startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))))
                .isInstanceOf(InvalidTimeRangeException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(b -> b.nextToken("not-a-token")))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(b -> b.lookupAttributes(
                        attribute(LookupAttributeKey.USERNAME, "a"), attribute(LookupAttributeKey.EVENT_NAME, "b"))))
                .isInstanceOf(InvalidLookupAttributesException.class);
        assertThatThrownBy(() -> cloudTrail.lookupEvents(
                        b -> b.lookupAttributes(attribute(LookupAttributeKey.READ_ONLY, "maybe"))))
                .isInstanceOf(InvalidLookupAttributesException.class)
                .satisfies(
                        e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(400));
        // A token is good only with the parameters it was given for.
        String token = cloudTrail.lookupEvents(b -> b.maxResults(1)).nextToken();
        assertThat(token).isNotNull();
        assertThatThrownBy(() -> cloudTrail.lookupEvents(b -> b.maxResults(1)
                        .nextToken(token)
                        .lookupAttributes(attribute(LookupAttributeKey.READ_ONLY, "true"))))
                .isInstanceOf(InvalidNextTokenException.class);
    }

    private static List<Event> lookup(LookupAttributeKey key, String value, Instant start) {
        List<Event> events = new ArrayList<>();
        cloudTrail
                .lookupEventsPaginator(
                        b -> b.lookupAttributes(attribute(key, value)).startTime(start))
                .forEach(page -> events.addAll(page.events()));
        return events;
    }

    private static LookupAttribute attribute(LookupAttributeKey key, String value) {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }

    private static AwsServiceException refused(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("The call was not refused");
    }
}
