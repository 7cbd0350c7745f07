package io.millrace.gateway.protocol;

import io.millrace.gateway.access.AccessRequest;
import java.util.List;

/**
 * The permissions one call of an API needs, as AWS's service authorization reference lists them for its action:
 * usually one IAM action on the resource the call names; several for a batch over several resources (DynamoDB's
 * BatchWriteItem, one per table). Runs before the action, on the request as parsed; a request too malformed to name
 * its resource may answer the action on {@code *} and leave the error to the action's own validation.
 */
@FunctionalInterface
public interface AccessResolver {

    List<AccessRequest> accessOf(AwsRequest request);
}
