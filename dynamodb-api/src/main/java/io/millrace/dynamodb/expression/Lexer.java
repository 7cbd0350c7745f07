package io.millrace.dynamodb.expression;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens: names, {@code #name} and {@code :value} placeholders, numbers, operators. */
final class Lexer {

    enum Kind {
        IDENT,
        NAME,
        VALUE,
        NUMBER,
        SYMBOL,
        EOF
    }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }
    }

    private Lexer() {}

    static List<Token> tokens(String text, String expressionKind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(expressionKind, String.valueOf(c), text, start, i);
                }
                tokens.add(new Token(c == '#' ? Kind.NAME : Kind.VALUE, text.substring(start, i), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(start, i), start, i));
            } else if (Character.isDigit(c)) {
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
            } else if ((c == '<' || c == '>')
                    && i + 1 < text.length()
                    && (text.charAt(i + 1) == '=' || c == '<' && text.charAt(i + 1) == '>')) {
                i += 2;
                tokens.add(new Token(Kind.SYMBOL, text.substring(start, i), start, i));
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                i++;
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i));
            } else {
                throw DynamoDbErrors.validation("Invalid " + expressionKind + ": Invalid character encountered;"
                        + " character: " + c + ", near: \"" + near(text, start, start + 1) + "\"");
            }
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", text.length(), text.length()));
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static RuntimeException syntax(String expressionKind, String token, String text, int start, int end) {
        return DynamoDbErrors.validation("Invalid " + expressionKind + ": Syntax error; token: \"" + token
                + "\", near: \"" + near(text, start, end) + "\"");
    }

    /** The token with a little context either side, as DynamoDB quotes it. */
    private static String near(String text, int start, int end) {
        int from = Math.max(0, text.lastIndexOf(' ', Math.max(0, start - 2)) + 1);
        int to = text.indexOf(' ', Math.min(text.length(), end + 1));
        return text.substring(Math.min(from, start), to < 0 ? text.length() : to)
                .strip();
    }
}
