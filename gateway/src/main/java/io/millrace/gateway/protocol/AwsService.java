package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An AWS API served by the gateway, chosen by the prefix of {@code X-Amz-Target} (for example
 * {@code Kinesis_20131202} or {@code Firehose_20150804}), or, for a Query API ({@link #queryProtocol}), by the
 * {@code Version} of the form. A handler answers with a tree in which timestamps are
 * {@link java.time.Instant} POJO nodes and blobs binary nodes; the codec writes each as the wire format wants.
 * Errors are {@link ApiException}s, thrown or completing the stage exceptionally.
 */
public interface AwsService {

    String targetPrefix();

    CompletionStage<JsonNode> handle(AwsRequest request);

    /**
     * The permissions {@code request} needs, checked before it is handled; empty for an action this API does not
     * know (it is then answered as unknown, whoever asks).
     */
    List<AccessRequest> access(AwsRequest request);

    /**
     * AWS's answer when the caller lacks a permission: AccessDeniedException, HTTP 400, in the JSON APIs;
     * AccessDenied, HTTP 403, in the Query APIs.
     */
    default ApiException accessDenied(String message) {
        return queryProtocol().isPresent() ? QueryProtocol.accessDenied(message) : ApiException.accessDenied(message);
    }

    /** How this API speaks AWS's Query protocol, when it does (IAM, STS); empty for a JSON-only API. */
    default Optional<QueryProtocol> queryProtocol() {
        return Optional.empty();
    }

    /** How this API speaks AWS's rest-json protocol (Lambda), when it does; empty for the others. */
    default Optional<RestJsonProtocol> restJsonProtocol() {
        return Optional.empty();
    }

    /**
     * The reader that decodes {@code action}'s body in one streaming pass instead of a tree, or null (the default):
     * see {@link BodyReader}.
     */
    default BodyReader bodyReader(String action) {
        return null;
    }

    /**
     * This API's series in the Prometheus text format, appended to the gateway's {@code GET /metrics}: complete
     * lines ({@code # HELP}, {@code # TYPE}, samples), each ending with a newline; empty when it has none.
     */
    default String metricsText() {
        return "";
    }
}
