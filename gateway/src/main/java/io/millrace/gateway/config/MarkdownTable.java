package io.millrace.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table built from rows of cells. Cells are Markdown already: {@link #text} and {@link #code} make them
 * from raw strings so that no value can break the table or vanish as an HTML tag on GitHub.
 */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    public MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table, one line per row, each line ending with a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        line(out, header.stream().map(column -> "---").toList());
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    /** Prose in a cell: one line, pipes escaped, {@code <} kept literal (GitHub drops unknown tags such as {@code <name>}). */
    public static String text(String raw) {
        return oneLine(raw).replace("|", "\\|").replace("<", "&lt;");
    }

    /** HTML in a cell, escaped already (as Flink's {@code HtmlFormatter} writes it): one line, pipes escaped. */
    public static String html(String escaped) {
        return oneLine(escaped).replace("|", "\\|");
    }

    /** A literal value in a code span; entities are not decoded in code spans, so only pipes need escaping. */
    public static String code(String raw) {
        String value = oneLine(raw);
        String fence = value.contains("`") ? "``" : "`";
        String padding = value.startsWith("`") || value.endsWith("`") ? " " : "";
        return fence + padding + value.replace("|", "\\|") + padding + fence;
    }

    private static String oneLine(String raw) {
        return raw == null ? "" : raw.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
