package io.millrace.gateway.access;

import java.util.Objects;

/**
 * The outcome of authorizing one {@link AccessRequest}. A denial carries the end of AWS's AccessDenied message, the
 * part after the resource: {@code because no identity-based policy allows the kinesis:PutRecord action}, or
 * {@code with an explicit deny in a resource-based policy}.
 */
public record Decision(boolean allowed, String reason) {

    public static final Decision ALLOW = new Decision(true, "");

    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }

    /**
     * AWS's message for a denied call: {@code User: ARN is not authorized to perform: ACTION on resource: ARN
     * because no identity-based policy allows the ACTION action}.
     */
    public String message(Principal principal, AccessRequest request) {
        return "User: " + principal.arn() + " is not authorized to perform: " + request.action() + " on resource: "
                + request.resource() + " " + reason;
    }
}
