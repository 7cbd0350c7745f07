package io.millrace.cloudtrail.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.cloudtrail.trail.EventSelector;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GetEventSelectors and PutEventSelectors (basic event selectors): management events by read/write type, and data
 * events of the resource types the platform records (reaching a trail only when
 * {@code millrace.cloudtrail.data-events} records them). Advanced event selectors are not served.
 */
final class SelectorActions {

    /** PutEventSelectors: "You can configure up to five event selectors for each trail". */
    private static final int MAX_SELECTORS = 5;
    /** "You can specify up to 250 resources for an individual event selector". */
    private static final int MAX_VALUES = 250;

    private static final Set<String> READ_WRITE_TYPES =
            Set.of(EventSelector.ALL, EventSelector.READ_ONLY, EventSelector.WRITE_ONLY);
    /** The data resource types whose events the platform records. */
    static final Set<String> DATA_RESOURCE_TYPES = Set.of(
            "AWS::Kinesis::Stream",
            "AWS::Kinesis::StreamConsumer",
            "AWS::KinesisFirehose::DeliveryStream",
            "AWS::DynamoDB::Table",
            "AWS::Lambda::Function");

    private final TrailStore store;
    private final TrailActions trails;

    SelectorActions(TrailStore store, TrailActions trails) {
        this.store = store;
        this.trails = trails;
    }

    JsonNode get(AwsRequest request) {
        return TrailShapes.selectors(trails.existing(Fields.text(request.body(), "TrailName")));
    }

    JsonNode put(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Trail trail = trails.existing(Fields.text(body, "TrailName"));
        JsonNode basic = Fields.array(body, "EventSelectors");
        JsonNode advanced = Fields.array(body, "AdvancedEventSelectors");
        if (basic != null && advanced != null) {
            throw CloudTrailErrors.invalidParameterCombination(
                    "You cannot specify both event selectors and advanced event selectors in the same request.");
        }
        if (advanced != null) {
            throw CloudTrailErrors.unsupported("AdvancedEventSelectors are not supported by this Millrace endpoint.");
        }
        if (basic == null) {
            throw CloudTrailErrors.invalidEventSelectors(
                    "You must specify event selectors or advanced event" + " selectors.");
        }
        List<EventSelector> selectors = selectors(basic);
        Trail updated = TrailWrites.await(store.update(trail.name(), current -> {
            if (current == null || !current.incarnation().equals(trail.incarnation())) {
                throw CloudTrailErrors.trailNotFound(trail.arn(), trail.accountId());
            }
            return current.withSelectors(selectors);
        }));
        return TrailShapes.selectors(updated);
    }

    private static List<EventSelector> selectors(JsonNode given) {
        if (given.size() > MAX_SELECTORS) {
            throw CloudTrailErrors.invalidEventSelectors(
                    "You can specify up to " + MAX_SELECTORS + " event selectors for a trail.");
        }
        List<EventSelector> selectors = new ArrayList<>();
        for (JsonNode selector : given) {
            String readWrite = Fields.text(selector, "ReadWriteType");
            if (readWrite == null) {
                readWrite = EventSelector.ALL;
            }
            if (!READ_WRITE_TYPES.contains(readWrite)) {
                throw CloudTrailErrors.invalidEventSelectors(
                        "ReadWriteType " + readWrite + " is not valid: use All, ReadOnly or WriteOnly.");
            }
            Boolean management = Fields.bool(selector, "IncludeManagementEvents");
            if (Fields.array(selector, "ExcludeManagementEventSources") != null
                    && !Fields.array(selector, "ExcludeManagementEventSources").isEmpty()) {
                throw CloudTrailErrors.unsupported(
                        "ExcludeManagementEventSources is not supported by this Millrace endpoint.");
            }
            selectors.add(new EventSelector(
                    readWrite,
                    management == null || management,
                    dataResources(Fields.array(selector, "DataResources"))));
        }
        return selectors;
    }

    private static List<EventSelector.DataResource> dataResources(JsonNode given) {
        List<EventSelector.DataResource> resources = new ArrayList<>();
        if (given == null) {
            return resources;
        }
        for (JsonNode resource : given) {
            String type = Fields.text(resource, "Type");
            if (type == null || !DATA_RESOURCE_TYPES.contains(type)) {
                throw CloudTrailErrors.invalidEventSelectors("Value " + type + " for DataResources.Type is invalid:"
                        + " data events are recorded for "
                        + String.join(
                                ", ", DATA_RESOURCE_TYPES.stream().sorted().toList()) + ".");
            }
            JsonNode values = Fields.array(resource, "Values");
            List<String> kept = new ArrayList<>();
            if (values != null) {
                for (JsonNode value : values) {
                    if (!value.isTextual() || !value.textValue().startsWith("arn:")) {
                        throw CloudTrailErrors.invalidEventSelectors(
                                "Value " + value + " for DataResources.Values is invalid: give ARNs or ARN prefixes.");
                    }
                    kept.add(value.textValue());
                }
            }
            if (kept.size() > MAX_VALUES) {
                throw CloudTrailErrors.invalidEventSelectors(
                        "You can specify up to " + MAX_VALUES + " values for an event selector.");
            }
            resources.add(new EventSelector.DataResource(type, kept));
        }
        return resources;
    }
}
