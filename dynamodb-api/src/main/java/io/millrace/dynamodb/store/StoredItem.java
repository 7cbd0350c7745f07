package io.millrace.dynamodb.store;

import io.millrace.dynamodb.item.AttributeValue;
import java.util.Map;

/** One item as the store keeps it: its table's incarnation, its version, and its attributes (none once deleted). */
public record StoredItem(String tableId, long version, boolean deleted, Map<String, AttributeValue> item) {}
