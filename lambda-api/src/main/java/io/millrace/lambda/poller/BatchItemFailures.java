package io.millrace.lambda.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * A function's partial batch response (FunctionResponseTypes ReportBatchItemFailures):
 * {@code {"batchItemFailures": [{"itemIdentifier": "<sequence number>"}]}}. As the developer guide says, an empty or
 * absent list (or a response that is not such an object) is a success; an identifier that is empty, null or not in
 * the batch makes the whole batch a failure; otherwise the batch is checkpointed before the lowest failed sequence
 * number and retried from it.
 */
final class BatchItemFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome: -1 when the batch succeeded, the index of the first record to retry, or 0 for all of it. */
    static int firstFailed(byte[] response, List<String> sequenceNumbers) {
        JsonNode tree;
        try {
            tree = response.length == 0 ? null : JSON.readTree(response);
        } catch (IOException e) {
            return -1;
        }
        if (tree == null || !tree.isObject()) {
            return -1;
        }
        JsonNode failures = tree.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return -1;
        }
        if (!failures.isArray()) {
            return 0;
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
                return 0;
            }
            int index = sequenceNumbers.indexOf(id.textValue());
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }
}
