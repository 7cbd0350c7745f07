package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.item.AttributeValue;

/** What an expression computes a value from. */
public sealed interface Operand {

    /** An attribute of the item; missing when the item has none there. */
    record PathOperand(Path path) implements Operand {}

    /** An ExpressionAttributeValues placeholder (or a legacy form's constant), already resolved. */
    record Constant(AttributeValue value) implements Operand {}

    /** {@code size(path)}. */
    record Size(Path path) implements Operand {}

    /** {@code if_not_exists(path, value)}: update expressions only. */
    record IfNotExists(Path path, Operand fallback) implements Operand {}

    /** {@code list_append(a, b)}: update expressions only. */
    record ListAppend(Operand first, Operand second) implements Operand {}

    /** {@code a + b} or {@code a - b}: update expressions only. */
    record Arithmetic(Operand left, char operator, Operand right) implements Operand {}
}
