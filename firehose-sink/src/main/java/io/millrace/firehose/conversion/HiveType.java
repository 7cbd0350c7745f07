package io.millrace.firehose.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed Hive column type, as a Glue table's StorageDescriptor.Columns carry them: {@code string}, {@code
 * varchar(n)}, {@code char(n)}, {@code boolean}, {@code tinyint}, {@code smallint}, {@code int}, {@code bigint},
 * {@code float}, {@code double}, {@code decimal(p,s)}, {@code date}, {@code timestamp}, {@code binary},
 * {@code array<T>}, {@code map<K,V>} and {@code struct<name:T,...>}. One tree serves both output formats: Avro
 * (hence Parquet) and ORC, whose own type syntax is Hive's.
 */
public record HiveType(Kind kind, int precision, int scale, List<Field> fields) {

    public enum Kind {
        STRING,
        VARCHAR,
        CHAR,
        BOOLEAN,
        TINYINT,
        SMALLINT,
        INT,
        BIGINT,
        FLOAT,
        DOUBLE,
        DECIMAL,
        DATE,
        TIMESTAMP,
        BINARY,
        ARRAY,
        MAP,
        STRUCT
    }

    /** A struct member, or the element (array) or key and value (map) of a collection, named "element" etc. */
    public record Field(String name, HiveType type) {}

    /** Hive's decimal without precision and scale is decimal(10,0). */
    private static final int DEFAULT_PRECISION = 10;
    /** Hive's limit for decimal precision. */
    private static final int MAX_PRECISION = 38;

    public HiveType {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    private static HiveType of(Kind kind) {
        return new HiveType(kind, 0, 0, List.of());
    }

    public HiveType element() {
        return fields.get(0).type();
    }

    public HiveType key() {
        return fields.get(0).type();
    }

    public HiveType value() {
        return fields.get(1).type();
    }

    /** Parses a Hive type; {@link IllegalArgumentException} names what is wrong. */
    public static HiveType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a column has no type");
        }
        Parser parser = new Parser(text);
        HiveType type = parser.type();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + text.substring(parser.pos) + "' in type " + text);
        }
        return type;
    }

    /** A struct of the given top-level columns: the row type of a table. */
    public static HiveType struct(List<Field> columns) {
        return new HiveType(Kind.STRUCT, 0, 0, columns);
    }

    /** Hive's own spelling, which ORC's TypeDescription parses back. */
    @Override
    public String toString() {
        return switch (kind) {
            case VARCHAR, CHAR -> kind.name().toLowerCase(Locale.ROOT) + "(" + precision + ")";
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case ARRAY -> "array<" + element() + ">";
            case MAP -> "map<" + key() + "," + value() + ">";
            case STRUCT -> {
                StringBuilder out = new StringBuilder("struct<");
                for (int i = 0; i < fields.size(); i++) {
                    out.append(i == 0 ? "" : ",")
                            .append(fields.get(i).name())
                            .append(':')
                            .append(fields.get(i).type());
                }
                yield out.append('>').toString();
            }
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        String word() {
            skipSpaces();
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("expected a name at position " + start + " of type " + text);
            }
            return text.substring(start, pos);
        }

        boolean accept(char c) {
            skipSpaces();
            if (!atEnd() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + pos + " of type " + text);
            }
        }

        int number() {
            String digits = word();
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, not " + digits + ", in type " + text);
            }
        }

        HiveType type() {
            String name = word().toLowerCase(Locale.ROOT);
            switch (name) {
                case "string":
                    return of(Kind.STRING);
                case "varchar":
                case "char": {
                    expect('(');
                    int length = number();
                    expect(')');
                    return new HiveType(name.equals("char") ? Kind.CHAR : Kind.VARCHAR, length, 0, List.of());
                }
                case "boolean":
                    return of(Kind.BOOLEAN);
                case "tinyint":
                    return of(Kind.TINYINT);
                case "smallint":
                    return of(Kind.SMALLINT);
                case "int":
                case "integer":
                    return of(Kind.INT);
                case "bigint":
                    return of(Kind.BIGINT);
                case "float":
                    return of(Kind.FLOAT);
                case "double":
                    return of(Kind.DOUBLE);
                case "decimal": {
                    int precision = DEFAULT_PRECISION;
                    int scale = 0;
                    if (accept('(')) {
                        precision = number();
                        if (accept(',')) {
                            scale = number();
                        }
                        expect(')');
                    }
                    if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
                        throw new IllegalArgumentException("decimal(" + precision + "," + scale
                                + ") is out of range: precision 1 to 38, scale 0 to precision");
                    }
                    return new HiveType(Kind.DECIMAL, precision, scale, List.of());
                }
                case "date":
                    return of(Kind.DATE);
                case "timestamp":
                    return of(Kind.TIMESTAMP);
                case "binary":
                    return of(Kind.BINARY);
                case "array": {
                    expect('<');
                    HiveType element = type();
                    expect('>');
                    return new HiveType(Kind.ARRAY, 0, 0, List.of(new Field("element", element)));
                }
                case "map": {
                    expect('<');
                    HiveType key = type();
                    if (key.kind() == Kind.ARRAY
                            || key.kind() == Kind.MAP
                            || key.kind() == Kind.STRUCT
                            || key.kind() == Kind.TIMESTAMP
                            || key.kind() == Kind.BINARY) {
                        // JSON keys are text: they can be read as strings, numbers, booleans or dates.
                        throw new IllegalArgumentException("unsupported map key type " + key);
                    }
                    expect(',');
                    HiveType value = type();
                    expect('>');
                    return new HiveType(Kind.MAP, 0, 0, List.of(new Field("key", key), new Field("value", value)));
                }
                case "struct": {
                    expect('<');
                    List<Field> members = new ArrayList<>();
                    do {
                        String member = word();
                        expect(':');
                        members.add(new Field(member, type()));
                    } while (accept(','));
                    expect('>');
                    return struct(members);
                }
                default:
                    throw new IllegalArgumentException("unsupported Hive type " + name);
            }
        }
    }
}
