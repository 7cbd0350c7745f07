package io.millrace.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.agent.processing.AddMetadataConverter;
import io.millrace.agent.processing.ConverterChain;
import io.millrace.agent.processing.CsvToJsonConverter;
import io.millrace.agent.processing.JsonPrinter;
import io.millrace.agent.processing.LogFormat;
import io.millrace.agent.processing.LogToJsonConverter;
import io.millrace.agent.processing.RecordConverter;
import io.millrace.agent.processing.SingleLineConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A flow's dataProcessingOptions, as the agent documents them ("Pre-process data with agents", Amazon Data Firehose
 * Developer Guide): SINGLELINE, CSVTOJSON, LOGTOJSON, ADDMETADATA. ADDEC2METADATA needs an EC2 instance's metadata
 * service and USINGPLUGGIN a class of the user's: both are refused by name rather than ignored.
 */
public final class ProcessingOptions {

    /** The optionName values of the agent (ProcessingUtilsFactory.DataConversionOption), supported or not. */
    enum Option {
        SINGLELINE,
        CSVTOJSON,
        LOGTOJSON,
        ADDMETADATA,
        ADDEC2METADATA,
        ADDBRACKETS,
        USINGPLUGGIN
    }

    private ProcessingOptions() {}

    public static ConverterChain parse(List<Section> options) {
        List<RecordConverter> converters = new ArrayList<>();
        for (Section option : options) {
            converters.add(converter(option));
            option.rejectUnknown();
        }
        return new ConverterChain(converters);
    }

    private static RecordConverter converter(Section option) {
        if (!option.has("optionName")) {
            throw new AgentConfigException(option.name("optionName") + ": is required");
        }
        Option name = option.enumValue("optionName", Option.class, null);
        JsonPrinter printer = option.enumValue("jsonFormat", JsonPrinter.class, JsonPrinter.COMPACT);
        switch (name) {
            case SINGLELINE:
                List<String> parseOptions = option.strings("parseOptions");
                List<String> flags = parseOptions == null ? List.of() : parseOptions;
                for (String flag : flags) {
                    if (!flag.equals("NO_TRIM") && !flag.equals("ESCAPE_NEW_LINE")) {
                        throw option.invalid(
                                "parseOptions", "must hold NO_TRIM or ESCAPE_NEW_LINE, got \"" + flag + "\"");
                    }
                }
                return new SingleLineConverter(!flags.contains("NO_TRIM"), flags.contains("ESCAPE_NEW_LINE"));
            case CSVTOJSON:
                List<String> fields = option.strings("customFieldNames");
                if (fields == null || fields.isEmpty()) {
                    throw new AgentConfigException(option.name("customFieldNames") + ": is required for CSVTOJSON");
                }
                return new CsvToJsonConverter(
                        fields, regex(option, "delimiter", option.string("delimiter", ",")), printer);
            case LOGTOJSON:
                return logToJson(option, printer);
            case ADDMETADATA:
                JsonNode metadata = option.raw("metadata");
                Object value = metadata == null ? null : new ObjectMapper().convertValue(metadata, Object.class);
                return new AddMetadataConverter(value, option.bool("timestamp", false), Instant::now, printer);
            default:
                throw option.invalid(
                        "optionName",
                        name + " is an option of the Kinesis Agent that Millrace's agent does not support");
        }
    }

    private static RecordConverter logToJson(Section option, JsonPrinter printer) {
        if (!option.has("logFormat")) {
            throw new AgentConfigException(option.name("logFormat") + ": is required for LOGTOJSON");
        }
        LogFormat format = option.enumValue("logFormat", LogFormat.class, null);
        List<String> customFields = option.strings("customFieldNames");
        String matchPattern = option.string("matchPattern", null);
        if (matchPattern != null) {
            // As the agent: a pattern of one's own names its own fields.
            if (customFields == null) {
                throw new AgentConfigException(
                        option.name("customFieldNames") + ": is required when matchPattern is given");
            }
            Pattern pattern = regex(option, "matchPattern", matchPattern);
            if (pattern.matcher("").groupCount() != customFields.size()) {
                throw option.invalid(
                        "customFieldNames",
                        "names " + customFields.size() + " fields but matchPattern has "
                                + pattern.matcher("").groupCount() + " groups");
            }
            return new LogToJsonConverter(pattern, customFields, format.dashIsNull(), printer);
        }
        if (customFields != null && customFields.size() != format.fields().size()) {
            throw option.invalid(
                    "customFieldNames",
                    format + " has " + format.fields().size() + " fields, got " + customFields.size() + " names");
        }
        return new LogToJsonConverter(
                format.pattern(), customFields == null ? format.fields() : customFields, format.dashIsNull(), printer);
    }

    private static Pattern regex(Section option, String key, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw option.invalid(key, "is not a valid regular expression: " + e.getDescription());
        }
    }
}
