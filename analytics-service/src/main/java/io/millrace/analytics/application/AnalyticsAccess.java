package io.millrace.analytics.application;

import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The permissions each call of the application API needs, as AWS's service authorization reference ("Actions,
 * resources, and condition keys for Amazon Managed Service for Apache Flink", prefix {@code kinesisanalytics}) lists
 * them: {@code kinesisanalytics:<Action>} on the application
 * {@code arn:aws:kinesisanalytics:REGION:ACCOUNT:application/NAME} its ApplicationName names (the tag actions on
 * their ResourceARN, as given), ListApplications on {@code *}.
 */
public final class AnalyticsAccess implements AccessResolver {

    private static final String PREFIX = "kinesisanalytics:";
    private static final Set<String> ON_APPLICATION = Set.of(
            "CreateApplication",
            "DescribeApplication",
            "DeleteApplication",
            "StartApplication",
            "StopApplication",
            "UpdateApplication",
            "CreateApplicationSnapshot",
            "ListApplicationSnapshots",
            "DescribeApplicationSnapshot",
            "DeleteApplicationSnapshot",
            "ListApplicationOperations",
            "DescribeApplicationOperation");
    private static final Set<String> ON_RESOURCE_ARN = Set.of("TagResource", "UntagResource", "ListTagsForResource");
    private static final Set<String> ON_ACCOUNT = Set.of("ListApplications");

    /** Every action this resolver names the resources of; the others fall back to {@code *}. */
    public static Set<String> mappedActions() {
        return Stream.of(ON_APPLICATION, ON_RESOURCE_ARN, ON_ACCOUNT)
                .flatMap(Set::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        String action = request.action();
        String resource;
        if (ON_APPLICATION.contains(action)) {
            String name = Fields.text(request.body(), "ApplicationName");
            resource = name == null
                    ? null
                    : "arn:aws:kinesisanalytics:" + request.region() + ":" + request.accountId() + ":application/"
                            + name;
        } else if (ON_RESOURCE_ARN.contains(action)) {
            resource = Fields.text(request.body(), "ResourceARN");
        } else if (ON_ACCOUNT.contains(action)) {
            resource = null;
        } else {
            return null;
        }
        return List.of(AccessRequest.of(PREFIX + action, resource == null ? AccessRequest.ANY_RESOURCE : resource));
    }
}
