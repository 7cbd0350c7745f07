package io.millrace.firehose.api;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The permissions each Firehose call needs, as AWS's service authorization reference ("Actions, resources, and
 * condition keys for Amazon Data Firehose") lists them: {@code firehose:<Action>} on the delivery stream
 * {@code arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME} its DeliveryStreamName names, ListDeliveryStreams on
 * {@code *}. CreateDeliveryStream with Tags also needs {@code firehose:TagDeliveryStream}, as the API reference of
 * CreateDeliveryStream says.
 */
public final class FirehoseAccess implements AccessResolver {

    private static final String PREFIX = "firehose:";
    private static final Set<String> ON_DELIVERY_STREAM = Set.of(
            "CreateDeliveryStream",
            "DescribeDeliveryStream",
            "DeleteDeliveryStream",
            "UpdateDestination",
            "PutRecord",
            "PutRecordBatch",
            "TagDeliveryStream",
            "UntagDeliveryStream",
            "ListTagsForDeliveryStream",
            "StartDeliveryStreamEncryption",
            "StopDeliveryStreamEncryption");
    private static final Set<String> ON_ACCOUNT = Set.of("ListDeliveryStreams");

    /** Every action this resolver names the resources of; the others fall back to {@code *}. */
    public static Set<String> mappedActions() {
        return union(ON_DELIVERY_STREAM, ON_ACCOUNT);
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        String action = request.action();
        if (ON_ACCOUNT.contains(action)) {
            return List.of(AccessRequest.of(PREFIX + action, AccessRequest.ANY_RESOURCE));
        }
        if (!ON_DELIVERY_STREAM.contains(action)) {
            return null;
        }
        String name = Fields.text(request.body(), "DeliveryStreamName");
        String arn = name == null
                ? AccessRequest.ANY_RESOURCE
                : "arn:aws:firehose:" + request.region() + ":" + request.accountId() + ":deliverystream/" + name;
        AccessRequest needed = AccessRequest.of(PREFIX + action, arn);
        if (action.equals("CreateDeliveryStream") && Fields.array(request.body(), "Tags") != null) {
            return List.of(needed, AccessRequest.of(PREFIX + "TagDeliveryStream", arn));
        }
        return List.of(needed);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
