package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.query.QueryFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * IAM's paging of list actions: {@code MaxItems} (1-1000, default 100) items per page, {@code IsTruncated}, and an
 * opaque {@code Marker} to pass back for the next page (here the sort key of the next item, base64url-encoded).
 */
final class Paging {

    private static final int DEFAULT_MAX_ITEMS = 100;

    private final String marker;
    private final int maxItems;

    private Paging(String marker, int maxItems) {
        this.marker = marker;
        this.maxItems = maxItems;
    }

    /** Reads and validates Marker and MaxItems, adding their violations to {@code validation}. */
    static Paging read(QueryFields fields, JsonNode body, Validation validation) {
        String marker = fields.text(body, "Marker");
        Integer maxItems = fields.integer(body, "MaxItems");
        validation.length("marker", marker, 1, 320).range("maxItems", maxItems, 1, 1000);
        String decoded = null;
        if (marker != null && !marker.isEmpty()) {
            try {
                decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw IamErrors.invalidInput("Invalid Marker.");
            }
        }
        return new Paging(decoded, maxItems == null ? DEFAULT_MAX_ITEMS : maxItems);
    }

    /**
     * Puts the page of {@code items} (any order; sorted here by {@code sortKey}) under {@code member}, with
     * IsTruncated and, when truncated, the Marker of the next page.
     */
    <T> ObjectNode page(List<T> items, Function<T, String> sortKey, String member, Function<T, JsonNode> shape) {
        List<T> sorted = items.stream().sorted(Comparator.comparing(sortKey)).toList();
        ObjectNode response = WireCodec.object();
        ArrayNode list = response.putArray(member);
        int count = 0;
        String next = null;
        for (T item : sorted) {
            String key = sortKey.apply(item);
            if (marker != null && key.compareTo(marker) < 0) {
                continue;
            }
            if (count == maxItems) {
                next = key;
                break;
            }
            list.add(shape.apply(item));
            count++;
        }
        response.put("IsTruncated", next != null);
        if (next != null) {
            response.put(
                    "Marker",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }
}
