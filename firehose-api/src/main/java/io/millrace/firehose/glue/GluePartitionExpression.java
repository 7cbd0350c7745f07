package io.millrace.firehose.glue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Expression of GetPartitions: a SQL WHERE clause over the table's partition keys, with the operators Glue's
 * API reference lists ({@code =}, {@code <>} (and {@code !=}), {@code >}, {@code <}, {@code >=}, {@code <=},
 * {@code AND}, {@code OR}, {@code NOT}, {@code IN}, {@code BETWEEN}, {@code LIKE}, {@code IS [NOT] NULL}) and
 * comparisons typed by the key's type (string, date, timestamp, int, bigint, long, tinyint, smallint, decimal; a
 * key of any other type in the expression is an InvalidInputException, as Glue's reference says). A partition value
 * that does not read as its key's type, and Hive's {@code __HIVE_DEFAULT_PARTITION__} (Hive's null), compare as
 * SQL's unknown: such a partition matches neither {@code a > 1} nor {@code NOT a > 1}.
 */
final class GluePartitionExpression {

    /** The value Hive writes for a null partition value. */
    static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    /** A predicate over one partition's values (by lower-case key name); null is SQL's unknown. */
    private interface Node {
        Boolean test(Function<String, String> values);
    }

    private enum KeyType {
        STRING,
        INTEGRAL,
        DECIMAL,
        DATE,
        TIMESTAMP
    }

    private final Node root;

    private GluePartitionExpression(Node root) {
        this.root = root;
    }

    /**
     * Parses {@code expression} against the partition keys (lower-case name to Hive type); an expression that does
     * not parse, names a key the table has not, or compares a key with a literal of another type is refused with
     * InvalidInputException.
     */
    static GluePartitionExpression parse(String expression, Map<String, String> keyTypes) {
        Parser parser = new Parser(tokens(expression), keyTypes);
        Node root = parser.or();
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.peek());
        }
        return new GluePartitionExpression(root);
    }

    /** Whether a partition whose values are {@code values} (by lower-case key name) is selected. */
    boolean matches(Map<String, String> values) {
        return Boolean.TRUE.equals(root.test(values::get));
    }

    // ---- tokens

    private record Token(String text, boolean literal, boolean quoted) {
        boolean is(String word) {
            return !literal && !quoted && text.equalsIgnoreCase(word);
        }

        @Override
        public String toString() {
            return literal ? "'" + text + "'" : text;
        }
    }

    private static List<Token> tokens(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw invalid(s, "unterminated string literal");
                    }
                    if (s.charAt(i) == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            text.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.append(s.charAt(i++));
                }
                tokens.add(new Token(text.toString(), true, false));
            } else if (c == '`' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw invalid(s, "unterminated quoted identifier");
                }
                tokens.add(new Token(s.substring(i + 1, end), false, true));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(s.substring(start, i), true, false));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(s.substring(start, i), false, false));
            } else if (s.startsWith("<>", i)
                    || s.startsWith("!=", i)
                    || s.startsWith("<=", i)
                    || s.startsWith(">=", i)) {
                tokens.add(new Token(s.substring(i, i + 2), false, false));
                i += 2;
            } else if ("=<>(),".indexOf(c) >= 0) {
                tokens.add(new Token(String.valueOf(c), false, false));
                i++;
            } else {
                throw invalid(s, "unexpected character '" + c + "'");
            }
        }
        return tokens;
    }

    private static RuntimeException invalid(String expression, String why) {
        return GlueErrors.invalidInput("Unsupported expression '" + expression + "': " + why + ".");
    }

    // ---- grammar: or := and (OR and)*; and := not (AND not)*; not := NOT not | '(' or ')' | predicate

    private static final class Parser {
        private final List<Token> tokens;
        private final Map<String, String> keyTypes;
        private int at;

        Parser(List<Token> tokens, Map<String, String> keyTypes) {
            this.tokens = tokens;
            this.keyTypes = keyTypes;
        }

        boolean atEnd() {
            return at == tokens.size();
        }

        Token peek() {
            return atEnd() ? new Token("end of expression", false, false) : tokens.get(at);
        }

        Token next() {
            if (atEnd()) {
                throw error("unexpected end of expression");
            }
            return tokens.get(at++);
        }

        boolean accept(String word) {
            if (!atEnd() && tokens.get(at).is(word)) {
                at++;
                return true;
            }
            return false;
        }

        void expect(String word) {
            if (!accept(word)) {
                throw error("expected " + word + " but found " + peek());
            }
        }

        RuntimeException error(String why) {
            StringBuilder text = new StringBuilder();
            tokens.forEach(t -> text.append(text.length() == 0 ? "" : " ").append(t));
            return invalid(text.toString(), why);
        }

        Node or() {
            Node left = and();
            while (accept("OR")) {
                Node l = left;
                Node r = and();
                left = v -> {
                    Boolean a = l.test(v);
                    if (Boolean.TRUE.equals(a)) {
                        return true;
                    }
                    Boolean b = r.test(v);
                    return Boolean.TRUE.equals(b) ? Boolean.TRUE : (a == null || b == null ? null : false);
                };
            }
            return left;
        }

        Node and() {
            Node left = not();
            while (accept("AND")) {
                Node l = left;
                Node r = not();
                left = v -> {
                    Boolean a = l.test(v);
                    if (Boolean.FALSE.equals(a)) {
                        return false;
                    }
                    Boolean b = r.test(v);
                    return Boolean.FALSE.equals(b) ? Boolean.FALSE : (a == null || b == null ? null : true);
                };
            }
            return left;
        }

        Node not() {
            if (accept("NOT")) {
                Node inner = not();
                return v -> {
                    Boolean b = inner.test(v);
                    return b == null ? null : !b;
                };
            }
            if (accept("(")) {
                Node inner = or();
                expect(")");
                return inner;
            }
            return predicate();
        }

        Node predicate() {
            Token name = next();
            if (name.literal
                    || (!name.quoted && !Character.isLetter(name.text.charAt(0)) && name.text.charAt(0) != '_')) {
                throw error("expected a partition key but found " + name);
            }
            String key = name.text.toLowerCase(Locale.ROOT);
            String hiveType = keyTypes.get(key);
            if (hiveType == null) {
                throw error(name.text + " is not a partition key of the table");
            }
            KeyType type = keyType(name.text, hiveType);
            if (accept("IS")) {
                boolean negated = accept("NOT");
                expect("NULL");
                return v -> HIVE_NULL.equals(v.apply(key)) != negated;
            }
            boolean negated = accept("NOT");
            Node node;
            if (accept("IN")) {
                expect("(");
                List<Comparable<Object>> options = new ArrayList<>();
                do {
                    options.add(literal(type, next()));
                } while (accept(","));
                expect(")");
                node = v -> {
                    Comparable<Object> value = value(type, v.apply(key));
                    return value == null ? null : options.stream().anyMatch(o -> value.compareTo(o) == 0);
                };
            } else if (accept("BETWEEN")) {
                Comparable<Object> low = literal(type, next());
                expect("AND");
                Comparable<Object> high = literal(type, next());
                node = v -> {
                    Comparable<Object> value = value(type, v.apply(key));
                    return value == null ? null : value.compareTo(low) >= 0 && value.compareTo(high) <= 0;
                };
            } else if (accept("LIKE")) {
                Token pattern = next();
                if (!pattern.literal) {
                    throw error("LIKE needs a string literal, found " + pattern);
                }
                Pattern regex = like(pattern.text);
                node = v -> {
                    String value = v.apply(key);
                    return value == null || HIVE_NULL.equals(value)
                            ? null
                            : regex.matcher(value).matches();
                };
            } else {
                if (negated) {
                    throw error("NOT must be followed by IN, BETWEEN or LIKE here, found " + peek());
                }
                String op = next().text;
                Comparable<Object> literal = literal(type, next());
                node = switch (op) {
                    case "=" -> compare(type, key, literal, c -> c == 0);
                    case "<>", "!=" -> compare(type, key, literal, c -> c != 0);
                    case "<" -> compare(type, key, literal, c -> c < 0);
                    case ">" -> compare(type, key, literal, c -> c > 0);
                    case "<=" -> compare(type, key, literal, c -> c <= 0);
                    case ">=" -> compare(type, key, literal, c -> c >= 0);
                    default -> throw error("unsupported operator " + op);
                };
            }
            if (!negated) {
                return node;
            }
            Node positive = node;
            return v -> {
                Boolean b = positive.test(v);
                return b == null ? null : !b;
            };
        }

        private Node compare(
                KeyType type, String key, Comparable<Object> literal, java.util.function.IntPredicate outcome) {
            return v -> {
                Comparable<Object> value = value(type, v.apply(key));
                return value == null ? null : outcome.test(value.compareTo(literal));
            };
        }

        private KeyType keyType(String name, String hiveType) {
            String t = hiveType.toLowerCase(Locale.ROOT).trim();
            if (t.equals("string") || t.startsWith("varchar") || t.startsWith("char")) {
                return KeyType.STRING;
            }
            if (t.equals("int")
                    || t.equals("integer")
                    || t.equals("bigint")
                    || t.equals("long")
                    || t.equals("tinyint")
                    || t.equals("smallint")) {
                return KeyType.INTEGRAL;
            }
            if (t.startsWith("decimal")) {
                return KeyType.DECIMAL;
            }
            if (t.equals("date")) {
                return KeyType.DATE;
            }
            if (t.equals("timestamp")) {
                return KeyType.TIMESTAMP;
            }
            throw error("partition key " + name + " is of type " + hiveType
                    + ", which expressions do not support (string, date, timestamp, int, bigint, long, tinyint,"
                    + " smallint, decimal)");
        }

        private Comparable<Object> literal(KeyType type, Token token) {
            if (!token.literal) {
                throw error("expected a literal but found " + token);
            }
            Comparable<Object> value = value(type, token.text);
            if (value == null) {
                throw error(token + " is not a value of type " + type.name().toLowerCase(Locale.ROOT));
            }
            return value;
        }
    }

    /** The value as its key's type, or null when it does not read as one (SQL's unknown). */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> value(KeyType type, String text) {
        if (text == null || HIVE_NULL.equals(text)) {
            return null;
        }
        try {
            Comparable<?> value = switch (type) {
                case STRING -> text;
                case INTEGRAL -> new BigDecimal(text.trim()).toBigIntegerExact();
                case DECIMAL -> new BigDecimal(text.trim());
                case DATE -> LocalDate.parse(text.trim());
                case TIMESTAMP -> LocalDateTime.parse(text.trim(), TIMESTAMP);
            };
            return (Comparable<Object>) value;
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return null;
        }
    }

    /** SQL LIKE: {@code %} any run of characters, {@code _} one character, everything else itself. */
    private static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%' || c == '_') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
