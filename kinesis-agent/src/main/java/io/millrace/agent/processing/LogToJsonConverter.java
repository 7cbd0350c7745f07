package io.millrace.agent.processing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOGTOJSON: the groups of the format's pattern (or of matchPattern) under the format's field names (or
 * customFieldNames). A record that does not match, or whose group count differs from the field count, is skipped.
 */
public final class LogToJsonConverter implements RecordConverter {

    private final Pattern pattern;
    private final List<String> fields;
    private final boolean dashIsNull;
    private final JsonPrinter printer;

    public LogToJsonConverter(Pattern pattern, List<String> fields, boolean dashIsNull, JsonPrinter printer) {
        this.pattern = pattern;
        this.fields = List.copyOf(fields);
        this.dashIsNull = dashIsNull;
        this.printer = printer;
    }

    @Override
    public byte[] convert(byte[] record) {
        Matcher matcher = pattern.matcher(Records.withoutNewLine(record));
        if (!matcher.matches() || matcher.groupCount() != fields.size()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String value = matcher.group(i + 1);
            values.put(fields.get(i), dashIsNull && "-".equals(value) ? null : value);
        }
        return Records.line(printer.print(values));
    }
}
