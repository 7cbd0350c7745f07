package io.millrace.dynamodb.item;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value: the ten types of the API ({@code S, N, B, BOOL, NULL, SS, NS, BS, L, M}). Numbers
 * are normalized {@link BigDecimal}s (no trailing zeros), so that equal numbers are equal values; sets compare as
 * sets, lists in order, maps by their entries.
 */
public sealed interface AttributeValue {

    /** The type's name on the wire and in {@code attribute_type}. */
    String type();

    record S(String value) implements AttributeValue {
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public String type() {
            return "N";
        }

        /** DynamoDB's form of a number: no exponent, no trailing zeros. */
        public String text() {
            return value.toPlainString();
        }
    }

    record B(Bytes value) implements AttributeValue {
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements AttributeValue {
        public String type() {
            return "NULL";
        }
    }

    record SS(Set<String> values) implements AttributeValue {
        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> values) implements AttributeValue {
        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> values) implements AttributeValue {
        public String type() {
            return "BS";
        }
    }

    record L(List<AttributeValue> values) implements AttributeValue {
        public String type() {
            return "L";
        }
    }

    record M(Map<String, AttributeValue> values) implements AttributeValue {
        public String type() {
            return "M";
        }
    }

    /** Binary contents with value equality and DynamoDB's order (unsigned bytes). */
    record Bytes(byte[] bytes) implements Comparable<Bytes> {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Bytes other) {
            return Arrays.compareUnsigned(bytes, other.bytes);
        }

        @Override
        public String toString() {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }

        public boolean startsWith(Bytes prefix) {
            return bytes.length >= prefix.bytes.length
                    && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
        }
    }
}
