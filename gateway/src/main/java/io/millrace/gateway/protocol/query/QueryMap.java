package io.millrace.gateway.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.Objects;

/**
 * A map member of a Query API's output (IAM's GetAccountSummary {@code SummaryMap}, say), which the XML tells
 * apart from a structure: {@code <entry><key>k</key><value>v</value></entry>} per entry. An action puts
 * {@link #of} its entries where the member goes; an object node there is written as a structure.
 */
public record QueryMap(ObjectNode entries) {

    public QueryMap {
        Objects.requireNonNull(entries, "entries");
    }

    /** The node an action puts in its output for a map member with these entries (key to value). */
    public static JsonNode of(ObjectNode entries) {
        return JsonNodeFactory.instance.pojoNode(new QueryMap(entries));
    }

    static QueryMap in(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof QueryMap map ? map : null;
    }
}
