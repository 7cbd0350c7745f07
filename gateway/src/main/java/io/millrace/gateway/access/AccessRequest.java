package io.millrace.gateway.access;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One permission a call needs, as AWS's service authorization reference lists it: the IAM action
 * ({@code kinesis:PutRecords}), the resource's ARN ({@code *} for actions on no resource, such as
 * {@code kinesis:ListStreams}) and the service's condition keys with their values for this call.
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> conditionKeys) {

    /** The resource of actions that name none (list and create-in-account actions). */
    public static final String ANY_RESOURCE = "*";

    public AccessRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        conditionKeys = Map.copyOf(conditionKeys);
    }

    public static AccessRequest of(String action, String resource) {
        return new AccessRequest(action, resource, Map.of());
    }
}
