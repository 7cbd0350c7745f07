package io.millrace.cloudtrail.trail;

import java.util.List;

/**
 * One of a trail's event selectors (CloudTrail API reference, EventSelector): which management events by read/write
 * type, and which data events by resource.
 */
public record EventSelector(String readWriteType, boolean includeManagementEvents, List<DataResource> dataResources) {

    public static final String ALL = "All";
    public static final String READ_ONLY = "ReadOnly";
    public static final String WRITE_ONLY = "WriteOnly";

    /** A data resource: a resource type and ARN prefixes of it (a value without a resource part means all). */
    public record DataResource(String type, List<String> values) {}

    boolean matchesReadWrite(boolean readOnly) {
        return readWriteType.equals(ALL) || readWriteType.equals(readOnly ? READ_ONLY : WRITE_ONLY);
    }
}
