package io.millrace.agent.processing;

/**
 * SINGLELINE: a multi-line record on one line. As the agent does it: every line trimmed (unless parseOptions has
 * NO_TRIM), joined with nothing (or with a literal backslash-n under ESCAPE_NEW_LINE), one newline at the end.
 */
public final class SingleLineConverter implements RecordConverter {

    private final boolean trim;
    private final String joiner;

    public SingleLineConverter(boolean trim, boolean escapeNewLine) {
        this.trim = trim;
        this.joiner = escapeNewLine ? "\\n" : "";
    }

    @Override
    public byte[] convert(byte[] record) {
        String[] lines = new String(record, java.nio.charset.StandardCharsets.UTF_8).split(Records.NEW_LINE);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                joined.append(joiner);
            }
            joined.append(trim ? lines[i].trim() : lines[i]);
        }
        return Records.line(joined.toString());
    }
}
