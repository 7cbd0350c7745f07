package io.millrace.agent.processing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSVTOJSON: the record split at the delimiter (a regular expression, as the agent's String.split takes it; "," by
 * default), each column under its customFieldNames name; missing columns are null, extra ones are dropped.
 */
public final class CsvToJsonConverter implements RecordConverter {

    private final List<String> fieldNames;
    private final Pattern delimiter;
    private final JsonPrinter printer;

    public CsvToJsonConverter(List<String> fieldNames, Pattern delimiter, JsonPrinter printer) {
        this.fieldNames = List.copyOf(fieldNames);
        this.delimiter = delimiter;
        this.printer = printer;
    }

    @Override
    public byte[] convert(byte[] record) {
        String[] columns = delimiter.split(Records.withoutNewLine(record));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size(); i++) {
            fields.put(fieldNames.get(i), i < columns.length ? columns[i] : null);
        }
        return Records.line(printer.print(fields));
    }
}
