package io.millrace.gateway.access;

import java.util.Objects;

/**
 * What a service's grant ({@link ServiceRoles#grant}) lets its holder have done later: the service assume
 * {@code roleArn} again for {@code caller}'s resource, as a workload the service runs renews its role credentials
 * (an application's job, whose credentials expire while it runs).
 */
public record ServiceGrant(String roleArn, ServiceCaller caller) {

    public ServiceGrant {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(caller, "caller");
    }
}
