package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * An AWS JSON API served by the gateway, chosen by the prefix of {@code X-Amz-Target} (for example
 * {@code Kinesis_20131202} or {@code Firehose_20150804}). A handler answers with a tree in which timestamps are
 * {@link java.time.Instant} POJO nodes and blobs binary nodes; the codec writes each as the wire format wants.
 * Errors are {@link ApiException}s, thrown or completing the stage exceptionally.
 */
public interface AwsService {

    String targetPrefix();

    CompletionStage<JsonNode> handle(AwsRequest request);

    /**
     * This API's series in the Prometheus text format, appended to the gateway's {@code GET /metrics}: complete
     * lines ({@code # HELP}, {@code # TYPE}, samples), each ending with a newline; empty when it has none.
     */
    default String metricsText() {
        return "";
    }
}
