package io.millrace.cloudtrail.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.cloudtrail.s3.TrailBuckets;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateTrail, GetTrail, DescribeTrails, ListTrails, UpdateTrail and DeleteTrail (CloudTrail API reference). A trail
 * delivers to a bucket of the platform's S3 store, which must exist; it is single-region or multi-region (events are
 * all of this region either way), and is not logging until StartLogging, as on AWS.
 */
final class TrailActions {

    private static final Logger LOG = LoggerFactory.getLogger(TrailActions.class);
    /** CloudTrail's quota: 5 trails per region. */
    static final int MAX_TRAILS = 5;
    /** S3KeyPrefix: at most 200 characters (CreateTrail, "S3KeyPrefix"). */
    private static final int MAX_PREFIX = 200;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final TrailStore store;
    private final TrailNames names;
    private final TrailBuckets buckets;
    private final String region;
    private final String accountId;

    TrailActions(TrailStore store, TrailNames names, TrailBuckets buckets, String region, String accountId) {
        this.store = store;
        this.names = names;
        this.buckets = buckets;
        this.region = region;
        this.accountId = accountId;
    }

    JsonNode create(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String name = Fields.text(body, "Name");
        if (name == null) {
            throw CloudTrailErrors.trailNotProvided();
        }
        TrailNames.valid(name);
        unsupportedMembers(body);
        Trail.Destination settings = settings(body, null);
        Trail created = TrailWrites.await(store.update(name, current -> {
            if (current != null) {
                throw CloudTrailErrors.trailAlreadyExists(name, accountId);
            }
            if (store.trails().size() >= MAX_TRAILS) {
                throw CloudTrailErrors.maximumTrails(MAX_TRAILS);
            }
            return Trail.created(
                    new Trail.TrailId(name, UUID.randomUUID().toString(), names.arn(name), accountId, region),
                    settings);
        }));
        LOG.info("Trail {} created, delivering to s3://{}", name, settings.s3BucketName());
        return TrailShapes.settings(created);
    }

    JsonNode get(AwsRequest request) {
        Trail trail = existing(Fields.text(request.body(), "Name"));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("Trail", TrailShapes.trail(trail));
        return answer;
    }

    /** The named trails that exist (names or ARNs), or every trail of the region when none is named. */
    JsonNode describe(AwsRequest request) {
        JsonNode wanted = Fields.array(request.body(), "trailNameList");
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("trailList");
        if (wanted == null || wanted.isEmpty()) {
            store.trails().forEach(trail -> list.add(TrailShapes.trail(trail)));
            return answer;
        }
        for (JsonNode each : wanted) {
            if (!each.isTextual()) {
                throw CloudTrailErrors.invalidParameter("trailNameList must hold trail names or ARNs.");
            }
            try {
                store.trail(names.resolve(each.textValue())).ifPresent(trail -> list.add(TrailShapes.trail(trail)));
            } catch (io.millrace.gateway.protocol.ApiException e) {
                if (!e.type().equals("TrailNotFoundException")) {
                    throw e;
                }
            }
        }
        return answer;
    }

    JsonNode list(AwsRequest request) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("Trails");
        store.trails().forEach(trail -> list.add(TrailShapes.info(trail)));
        return answer;
    }

    JsonNode update(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String name = names.resolve(Fields.text(body, "Name"));
        unsupportedMembers(body);
        Trail updated = TrailWrites.await(store.update(name, current -> {
            if (current == null) {
                throw CloudTrailErrors.trailNotFound(names.arn(name), accountId);
            }
            return current.withDestination(settings(body, current));
        }));
        return TrailShapes.settings(updated);
    }

    JsonNode delete(AwsRequest request) throws InterruptedException {
        Trail trail = existing(Fields.text(request.body(), "Name"));
        TrailWrites.await(store.remove(trail));
        LOG.info("Trail {} deleted", trail.name());
        return JsonNodeFactory.instance.objectNode();
    }

    /** The trail a name-or-ARN member names; TrailNotFoundException when there is none. */
    Trail existing(String nameOrArn) {
        String name = names.resolve(nameOrArn);
        Optional<Trail> trail = store.trail(name);
        return trail.orElseThrow(() -> CloudTrailErrors.trailNotFound(names.arn(name), accountId));
    }

    /** The settings a request gives, over {@code current}'s (null for CreateTrail, where the bucket is required). */
    private Trail.Destination settings(JsonNode body, Trail current) {
        String bucket = Fields.text(body, "S3BucketName");
        if (bucket == null && current == null) {
            throw CloudTrailErrors.invalidBucketName("null");
        }
        if (bucket != null) {
            if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                throw CloudTrailErrors.invalidBucketName(bucket);
            }
            if (!buckets.exists(bucket)) {
                throw CloudTrailErrors.bucketDoesNotExist(bucket);
            }
        }
        String prefix = Fields.text(body, "S3KeyPrefix");
        if (prefix != null && prefix.length() > MAX_PREFIX) {
            throw CloudTrailErrors.invalidPrefix("S3 key prefix is longer than " + MAX_PREFIX + " characters.");
        }
        Boolean global = Fields.bool(body, "IncludeGlobalServiceEvents");
        Boolean multiRegion = Fields.bool(body, "IsMultiRegionTrail");
        Trail.Destination before = current == null ? null : current.destination();
        Trail.Destination settings = new Trail.Destination(
                bucket != null ? bucket : before.s3BucketName(),
                prefix != null ? (prefix.isEmpty() ? null : prefix) : before == null ? null : before.s3KeyPrefix(),
                global != null ? global : before == null || before.includeGlobalServiceEvents(),
                multiRegion != null ? multiRegion : before != null && before.multiRegion());
        if (settings.multiRegion() && !settings.includeGlobalServiceEvents()) {
            throw CloudTrailErrors.invalidParameterCombination(
                    "Multi-Region trail must include global service events.");
        }
        return settings;
    }

    /** What this endpoint has no counterpart for: SNS notifications, CloudWatch Logs, SSE-KMS, digests, orgs. */
    private static void unsupportedMembers(JsonNode body) {
        for (String member :
                new String[] {"SnsTopicName", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn", "KmsKeyId"}) {
            String value = Fields.text(body, member);
            if (value != null && !value.isEmpty()) {
                throw CloudTrailErrors.unsupported(member + " is not supported by this Millrace endpoint.");
            }
        }
        for (String member : new String[] {"EnableLogFileValidation", "IsOrganizationTrail"}) {
            if (Boolean.TRUE.equals(Fields.bool(body, member))) {
                throw CloudTrailErrors.unsupported(member + " is not supported by this Millrace endpoint.");
            }
        }
    }
}
