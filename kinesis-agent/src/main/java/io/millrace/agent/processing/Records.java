package io.millrace.agent.processing;

import java.nio.charset.StandardCharsets;

/** The agent's converters work on text without its final newline and give the newline back to what they make. */
final class Records {

    static final String NEW_LINE = "\n";

    private Records() {}

    static String withoutNewLine(byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        return text.endsWith(NEW_LINE) ? text.substring(0, text.length() - 1) : text;
    }

    static byte[] line(String text) {
        return (text + NEW_LINE).getBytes(StandardCharsets.UTF_8);
    }
}
