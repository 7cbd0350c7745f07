package io.millrace.analytics.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a script into statements on {@code ;} outside quotes, backticks and comments. Comments are dropped,
 * hints ({@code /*+ ... *}{@code /}) kept.
 * {@code EXECUTE STATEMENT SET BEGIN ... END;} stays one statement, as Flink parses it whole.
 */
public final class SqlStatementSplitter {

    /** Complete statements, and the text after the last {@code ;} (an unfinished statement, maybe blank). */
    public record Split(List<String> statements, String remainder) {}

    private SqlStatementSplitter() {}

    public static Split split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
                current.append(' ');
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    // An unclosed comment: the rest is unfinished, keep it raw so a shell can wait for more input.
                    current.append(script, i, n);
                    i = n;
                } else if (i + 2 < n && script.charAt(i + 2) == '+') {
                    // A hint (/*+ OPTIONS(...) */) is part of the statement, not a comment.
                    current.append(script, i, end + 2);
                    i = end + 2;
                } else {
                    i = end + 2;
                    current.append(' ');
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                if (end < 0) {
                    current.append(script, i, n);
                    i = n;
                } else {
                    current.append(script, i, end + 1);
                    i = end + 1;
                }
            } else if (c == ';' && !insideStatementSet(current)) {
                String statement = current.toString().strip();
                if (!statement.isEmpty()) {
                    statements.add(statement);
                }
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        return new Split(statements, current.toString());
    }

    /** Statements of a whole script: a final statement without {@code ;} counts too. */
    public static List<String> statements(String script) {
        Split split = split(script);
        List<String> statements = new ArrayList<>(split.statements());
        String last = split.remainder().strip();
        if (!last.isEmpty()) {
            statements.add(last);
        }
        return statements;
    }

    private static int closingQuote(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                // A doubled quote is an escaped quote inside the literal.
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean insideStatementSet(StringBuilder current) {
        String text = current.toString().strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return text.startsWith("EXECUTE STATEMENT SET") && !text.endsWith(" END");
    }
}
