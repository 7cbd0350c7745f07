package io.millrace.dynamodb.store;

import io.millrace.dynamodb.item.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The topic key of an item, {@code item/<tableId>/<hash>/<range>}: each key value written as its type letter and
 * its bytes in hex (strings as UTF-8, so that key order is DynamoDB's order of strings and binaries), numbers in
 * their normalized decimal form. No part contains a slash.
 */
public final class ItemKeys {

    static final String PREFIX = "item/";

    private ItemKeys() {}

    public static String tablePrefix(String tableId) {
        return PREFIX + tableId + "/";
    }

    public static String hashPrefix(String tableId, AttributeValue hash) {
        return tablePrefix(tableId) + encode(hash) + "/";
    }

    public static String key(String tableId, AttributeValue hash, AttributeValue range) {
        return hashPrefix(tableId, hash) + (range == null ? "" : encode(range));
    }

    public static String encode(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return "s" + HexFormat.of().formatHex(s.value().getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof AttributeValue.N n) {
            return "n" + n.text();
        }
        if (value instanceof AttributeValue.B b) {
            return "b" + HexFormat.of().formatHex(b.value().bytes());
        }
        throw new IllegalArgumentException("not a key type: " + value.type());
    }
}
