package io.millrace.firehose.conversion;

import java.util.List;
import java.util.Map;

/**
 * InputFormatConfiguration.Deserializer: how JSON keys find their columns and how timestamps are read.
 *
 * @param openX OpenXJsonSerDe when true, HiveJsonSerDe otherwise
 * @param caseInsensitive OpenX's CaseInsensitive (default true); the Hive SerDe always matches keys ignoring case,
 *     as Hive column names are lower case
 * @param columnToJsonKeyMappings OpenX's ColumnToJsonKeyMappings: column name to the JSON key it reads
 * @param convertDotsInJsonKeysToUnderscores OpenX's ConvertDotsInJsonKeysToUnderscores
 * @param timestampFormats the Hive SerDe's TimestampFormats (java.time patterns, or {@code millis} for epoch
 *     milliseconds); empty for Hive's default {@code yyyy-MM-dd HH:mm:ss[.fffffffff]}
 */
public record JsonDeserializer(
        boolean openX,
        boolean caseInsensitive,
        Map<String, String> columnToJsonKeyMappings,
        boolean convertDotsInJsonKeysToUnderscores,
        List<String> timestampFormats) {

    public static final String OPENX = "OpenXJsonSerDe";
    public static final String HIVE = "HiveJsonSerDe";

    public JsonDeserializer {
        columnToJsonKeyMappings = Map.copyOf(columnToJsonKeyMappings);
        timestampFormats = List.copyOf(timestampFormats);
    }

    public static JsonDeserializer openXDefaults() {
        return new JsonDeserializer(true, true, Map.of(), false, List.of());
    }
}
