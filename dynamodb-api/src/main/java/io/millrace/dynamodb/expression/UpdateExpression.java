package io.millrace.dynamodb.expression;

import java.util.List;

/**
 * An UpdateExpression (or legacy AttributeUpdates): its four clauses, every operand evaluated against the item as it
 * was before the update. {@code legacy} marks AttributeUpdates, whose ADD also appends to lists.
 */
public record UpdateExpression(
        List<Set> sets, List<Path> removes, List<Add> adds, List<Delete> deletes, boolean legacy) {

    public record Set(Path path, Operand value) {}

    public record Add(Path path, Operand value) {}

    public record Delete(Path path, Operand value) {}
}
