package io.millrace.firehose.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The answer to one _bulk request, applied to the documents it carried: an item with a 2xx status is indexed; any
 * other keeps its document failing, with OpenSearch's status as the error code and its error object as the message
 * (what AWS's failed-document envelopes hold). A request that failed as a whole fails every document.
 */
final class BulkResponse {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Error messages carry at most this much of a body that is not a _bulk answer. */
    private static final int MAX_BODY_IN_MESSAGE = 1000;

    private BulkResponse() {}

    /** @return the documents now indexed */
    static List<Document> apply(int status, String body, List<Document> documents) {
        if (status / 100 != 2) {
            failAll(documents, Integer.toString(status), truncated(body));
            return List.of();
        }
        JsonNode items;
        try {
            items = JSON.readTree(body).path("items");
        } catch (IOException e) {
            failAll(documents, "OS.InvalidResponse", "The _bulk answer is not JSON: " + truncated(body));
            return List.of();
        }
        if (!items.isArray() || items.size() != documents.size()) {
            failAll(
                    documents,
                    "OS.InvalidResponse",
                    "The _bulk answer has " + items.size() + " items for " + documents.size() + " documents.");
            return List.of();
        }
        List<Document> indexed = new java.util.ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode result =
                    items.get(i).elements().hasNext() ? items.get(i).elements().next() : JSON.missingNode();
            int itemStatus = result.path("status").asInt(0);
            if (itemStatus / 100 == 2) {
                indexed.add(documents.get(i));
            } else {
                documents
                        .get(i)
                        .failed(
                                Integer.toString(itemStatus),
                                result.path("error").toString());
            }
        }
        return indexed;
    }

    static void failAll(List<Document> documents, String code, String message) {
        documents.forEach(d -> d.failed(code, message));
    }

    private static String truncated(String body) {
        return body.length() <= MAX_BODY_IN_MESSAGE ? body : body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
