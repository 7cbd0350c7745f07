package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.cloudtrail.event.UserIdentities;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.EventResource;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one lookup attribute of a LookupEvents request (the API takes a list of at most one), as a test on events.
 * LookupEvents finds management events only, as on AWS: data events are in the topic and the trail's files.
 */
record LookupFilter(String key, String value) implements Predicate<CloudTrailEvent> {

    static final LookupFilter NONE = new LookupFilter(null, null);

    /** The attribute, refused with InvalidLookupAttributesException when AWS refuses it. */
    static LookupFilter of(String key, String value) {
        if (key == null || value == null || value.isEmpty()) {
            throw CloudTrailErrors.invalidLookupAttributes(
                    "A lookup attribute needs an AttributeKey and a non-empty" + " AttributeValue.");
        }
        if (value.length() > 2000) {
            throw CloudTrailErrors.invalidLookupAttributes(
                    "The maximum length for an AttributeValue is 2000 characters.");
        }
        switch (key) {
            case "EventId", "EventName", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId" -> {}
            case "ReadOnly" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw CloudTrailErrors.invalidLookupAttributes(
                            "The value of the ReadOnly attribute must be true or false.");
                }
            }
            default -> throw CloudTrailErrors.invalidLookupAttributes("The attribute key " + key + " is not valid.");
        }
        return new LookupFilter(key, value);
    }

    @Override
    public boolean test(CloudTrailEvent event) {
        if (!event.getManagementEvent()) {
            return false;
        }
        if (key == null) {
            return true;
        }
        return switch (key) {
            case "EventId" -> value.equals(event.getEventId());
            case "EventName" -> value.equals(event.getEventName());
            case "ReadOnly" -> value.equals(String.valueOf(event.getReadOnly()));
            case "Username" -> value.equals(UserIdentities.username(event.getUserIdentity()));
            case "EventSource" -> value.equals(event.getEventSource());
            case "AccessKeyId" -> value.equals(event.getUserIdentity().getAccessKeyId());
            case "ResourceType" -> event.getResources().stream().anyMatch(r -> value.equals(r.getType()));
            case "ResourceName" -> event.getResources().stream().anyMatch(r -> named(r, value));
            default -> false;
        };
    }

    private static boolean named(EventResource resource, String name) {
        return name.equals(resource.getName()) || Objects.equals(name, resource.getArn());
    }
}
