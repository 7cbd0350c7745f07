package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.expression.Lexer.Kind;
import io.millrace.dynamodb.expression.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser of DynamoDB's expression grammar (Developer Guide, "Expressions"): condition and filter
 * expressions ({@code OR} below {@code AND} below {@code NOT}, comparisons, {@code BETWEEN}, {@code IN}, functions),
 * update expressions ({@code SET}, {@code REMOVE}, {@code ADD}, {@code DELETE} clauses, each at most once), and
 * projection expressions. Placeholders are resolved as they are read.
 */
public final class ExpressionParser {

    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> CLAUSES = Set.of("SET", "REMOVE", "ADD", "DELETE");
    /** DynamoDB's limit on a document path's depth (Developer Guide, "Service quotas": 32 levels of nesting). */
    private static final int MAX_DEPTH = 32;

    private final String text;
    private final String kind;
    private final Placeholders placeholders;
    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String text, String kind, Placeholders placeholders) {
        this.text = text;
        this.kind = kind;
        this.placeholders = placeholders;
        if (text.isBlank()) {
            throw DynamoDbErrors.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        this.tokens = Lexer.tokens(text, kind);
    }

    /** A ConditionExpression, FilterExpression or KeyConditionExpression ({@code kind} names it in errors). */
    public static Condition condition(String text, String kind, Placeholders placeholders) {
        ExpressionParser parser = new ExpressionParser(text, kind, placeholders);
        Condition condition = parser.or();
        parser.expectEnd();
        return condition;
    }

    public static UpdateExpression update(String text, Placeholders placeholders) {
        ExpressionParser parser = new ExpressionParser(text, "UpdateExpression", placeholders);
        return parser.updateClauses();
    }

    public static List<Path> projection(String text, Placeholders placeholders) {
        ExpressionParser parser = new ExpressionParser(text, "ProjectionExpression", placeholders);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(parser.path());
        } while (parser.accept(","));
        parser.expectEnd();
        return paths;
    }

    // Conditions

    private Condition or() {
        Condition left = and();
        while (peek().isKeyword("OR")) {
            position++;
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (peek().isKeyword("AND")) {
            position++;
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (peek().isKeyword("NOT")) {
            position++;
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (accept("(")) {
            Condition inner = or();
            expect(")");
            return inner;
        }
        Token token = peek();
        if (token.kind() == Kind.IDENT && peekAt(1).is("(") && !token.text().equals("size")) {
            return function(token);
        }
        Operand left = conditionOperand();
        Token next = next();
        if (next.isKeyword("BETWEEN")) {
            Operand low = conditionOperand();
            if (!next().isKeyword("AND")) {
                throw syntax(tokens.get(position - 1));
            }
            return new Condition.Between(left, low, conditionOperand());
        }
        if (next.isKeyword("IN")) {
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(conditionOperand());
            } while (accept(","));
            expect(")");
            // DynamoDB's limit: up to 100 values in an IN list (Developer Guide, "Comparison operator reference").
            if (candidates.size() > 100) {
                throw DynamoDbErrors.validation("Invalid " + kind + ": The IN operator is provided with too many"
                        + " operands; number of operands: " + candidates.size());
            }
            return new Condition.In(left, candidates);
        }
        for (Condition.Comparator comparator : Condition.Comparator.values()) {
            if (next.is(comparator.symbol)) {
                return new Condition.Compare(left, comparator, conditionOperand());
            }
        }
        throw syntax(next);
    }

    private Condition function(Token name) {
        position += 2;
        if (!CONDITION_FUNCTIONS.contains(name.text())) {
            if (name.text().equals("if_not_exists") || name.text().equals("list_append")) {
                throw DynamoDbErrors.validation("Invalid " + kind + ": The function is not allowed to be used this"
                        + " way in an expression; function: " + name.text());
            }
            throw DynamoDbErrors.validation("Invalid " + kind + ": Invalid function name; function: " + name.text());
        }
        List<Operand> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                arguments.add(conditionOperand());
            } while (accept(","));
        }
        expect(")");
        int expected = name.text().startsWith("attribute_") && !name.text().equals("attribute_type") ? 1 : 2;
        if (arguments.size() != expected) {
            throw DynamoDbErrors.validation("Invalid " + kind + ": Incorrect number of operands for operator or"
                    + " function; operator or function: " + name.text() + ", number of operands: "
                    + arguments.size());
        }
        if (!(arguments.get(0) instanceof Operand.PathOperand)) {
            throw DynamoDbErrors.validation("Invalid " + kind + ": Operator or function requires a document path;"
                    + " operator or function: " + name.text());
        }
        return new Condition.Function(name.text(), arguments);
    }

    private Operand conditionOperand() {
        Token token = peek();
        if (token.kind() == Kind.VALUE) {
            position++;
            return new Operand.Constant(placeholders.value(token.text(), kind));
        }
        if (token.kind() == Kind.IDENT
                && token.text().equals("size")
                && peekAt(1).is("(")) {
            position += 2;
            Path path = path();
            expect(")");
            return new Operand.Size(path);
        }
        if (token.kind() == Kind.IDENT && peekAt(1).is("(")) {
            throw DynamoDbErrors.validation("Invalid " + kind + ": The function is not allowed to be used this way"
                    + " in an expression; function: " + token.text());
        }
        return new Operand.PathOperand(path());
    }

    // Paths

    private Path path() {
        List<Path.Element> elements = new ArrayList<>();
        elements.add(new Path.Key(attributeName(next())));
        while (true) {
            if (accept(".")) {
                elements.add(new Path.Key(attributeName(next())));
            } else if (accept("[")) {
                Token index = next();
                if (index.kind() != Kind.NUMBER) {
                    throw syntax(index);
                }
                try {
                    elements.add(new Path.Index(Integer.parseInt(index.text())));
                } catch (NumberFormatException e) {
                    throw syntax(index);
                }
                expect("]");
            } else {
                break;
            }
        }
        if (elements.size() > MAX_DEPTH) {
            throw DynamoDbErrors.validation("Invalid " + kind + ": The document path has too many nesting levels;"
                    + " nesting levels: " + elements.size());
        }
        return new Path(elements);
    }

    private String attributeName(Token token) {
        if (token.kind() == Kind.NAME) {
            return placeholders.name(token.text(), kind);
        }
        if (token.kind() == Kind.IDENT) {
            return token.text();
        }
        throw syntax(token);
    }

    // Updates

    private UpdateExpression updateClauses() {
        List<UpdateExpression.Set> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<UpdateExpression.Add> adds = new ArrayList<>();
        List<UpdateExpression.Delete> deletes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            Token clause = next();
            String name = clause.kind() == Kind.IDENT ? clause.text().toUpperCase(java.util.Locale.ROOT) : "";
            if (!CLAUSES.contains(name)) {
                throw syntax(clause);
            }
            if (seen.contains(name)) {
                throw DynamoDbErrors.validation("Invalid UpdateExpression: The \"" + name + "\" section can only be"
                        + " used once in an update expression;");
            }
            seen.add(name);
            do {
                Path path = path();
                switch (name) {
                    case "SET" -> {
                        expect("=");
                        sets.add(new UpdateExpression.Set(path, setValue()));
                    }
                    case "REMOVE" -> removes.add(path);
                    case "ADD" -> adds.add(new UpdateExpression.Add(path, valueOperand()));
                    default -> deletes.add(new UpdateExpression.Delete(path, valueOperand()));
                }
            } while (accept(","));
        }
        return new UpdateExpression(sets, removes, adds, deletes, false);
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().is("+") || peek().is("-")) {
            char operator = next().text().charAt(0);
            return new Operand.Arithmetic(left, operator, setOperand());
        }
        return left;
    }

    private Operand setOperand() {
        Token token = peek();
        if (token.kind() == Kind.VALUE) {
            position++;
            return new Operand.Constant(placeholders.value(token.text(), kind));
        }
        if (token.kind() == Kind.IDENT && peekAt(1).is("(")) {
            position += 2;
            Operand operand;
            switch (token.text()) {
                case "if_not_exists" -> {
                    Path path = path();
                    expect(",");
                    operand = new Operand.IfNotExists(path, setValue());
                }
                case "list_append" -> {
                    Operand first = setValue();
                    expect(",");
                    operand = new Operand.ListAppend(first, setValue());
                }
                default -> {
                    if (CONDITION_FUNCTIONS.contains(token.text())
                            || token.text().equals("size")) {
                        throw DynamoDbErrors.validation("Invalid UpdateExpression: The function is not allowed in"
                                + " an update expression; function: " + token.text());
                    }
                    throw DynamoDbErrors.validation(
                            "Invalid UpdateExpression: Invalid function name; function: " + token.text());
                }
            }
            expect(")");
            return operand;
        }
        return new Operand.PathOperand(path());
    }

    private Operand valueOperand() {
        Token token = next();
        if (token.kind() != Kind.VALUE) {
            throw syntax(token);
        }
        return new Operand.Constant(placeholders.value(token.text(), kind));
    }

    // Tokens

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.kind() != Kind.EOF) {
            position++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        Token token = next();
        if (!token.is(symbol)) {
            throw syntax(token);
        }
    }

    private void expectEnd() {
        if (peek().kind() != Kind.EOF) {
            throw syntax(peek());
        }
    }

    private RuntimeException syntax(Token token) {
        return Lexer.syntax(kind, token.text(), text, token.start(), token.end());
    }
}
