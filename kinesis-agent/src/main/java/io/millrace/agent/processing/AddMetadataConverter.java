package io.millrace.agent.processing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * ADDMETADATA: {"ts": ..., "metadata": ..., "data": "the record"}, as the agent wraps a record: "ts" (UTC, millisecond
 * precision) only when the option says "timestamp": "true", "metadata" as configured (any JSON).
 */
public final class AddMetadataConverter implements RecordConverter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Object metadata;
    private final boolean timestamp;
    private final Supplier<Instant> clock;
    private final JsonPrinter printer;

    public AddMetadataConverter(Object metadata, boolean timestamp, Supplier<Instant> clock, JsonPrinter printer) {
        this.metadata = metadata;
        this.timestamp = timestamp;
        this.clock = clock;
        this.printer = printer;
    }

    @Override
    public byte[] convert(byte[] record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (timestamp) {
            fields.put("ts", TIMESTAMP.format(clock.get()));
        }
        fields.put("metadata", metadata);
        fields.put("data", Records.withoutNewLine(record));
        return Records.line(printer.print(fields));
    }
}
