package io.millrace.gateway;

import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import java.util.List;

/**
 * A service the gateway hosts (Kinesis, Firehose and Glue, the application API...): the AWS APIs it answers on the
 * gateway's port, each with its series for {@code GET /metrics} ({@link AwsService#metricsText}). It owns the
 * clients behind its APIs and closes them; the gateway only routes requests to it, so it starts before the gateway
 * and stops after it.
 */
public interface GatewayService extends AutoCloseable {

    /** The APIs this service answers, each chosen by its {@code X-Amz-Target} prefix. */
    List<AwsService> apis();

    /**
     * The resource-based policies of the resources this service serves, for the gateway's authorizer; none by
     * default.
     */
    default ResourcePolicies resourcePolicies() {
        return ResourcePolicies.NONE;
    }

    /**
     * Access keys this service signs its own calls between gateways with (the CloudWatch API's peer reads), known
     * to the gateway's SigV4 check besides the root and IAM keys; none by default.
     */
    default KeyDirectory keys() {
        return KeyDirectory.NONE;
    }

    /**
     * Hands the service the gateway's in-process calls, before {@link #routes}: a service whose own work calls
     * another hosted API (the Lambda API's event source mappings subscribing to Kinesis consumers) keeps them;
     * nothing by default.
     */
    default void connect(GatewayCalls calls) {}

    /**
     * Plain HTTP routes this service serves on the gateway's ports besides its APIs (a web console), given what the
     * gateway lends them; none by default.
     */
    default List<HttpRoute> routes(GatewayCalls calls) {
        return List.of();
    }

    @Override
    void close();
}
