package io.millrace.firehose.processing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.millrace.firehose.config.FirehoseSinkConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RecordDeAggregation processor: splits a record holding several sub-records, consecutive JSON objects
 * ({@code {"a":1}{"a":2}} or one per line) or pieces separated by a custom delimiter, into one record each. AWS caps
 * de-aggregation at 500 sub-records per record ("Apply dynamic partitioning to aggregated data").
 */
public final class SubRecordSplitter {
    /** AWS: "Record deaggregation by JSON or by delimiter is capped at 500 per record." */
    public static final int MAX_SUB_RECORDS = 500;

    public static final String INVALID_JSON = "Millrace.DeAggregation.InvalidJson";
    public static final String TOO_MANY_SUB_RECORDS = "Millrace.DeAggregation.TooManySubRecords";

    private static final JsonFactory JSON = new JsonFactory();

    /** Why a record cannot be split; it then goes to the error output whole. */
    public static final class SplitException extends Exception {
        private final String errorCode;

        SplitException(String errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }

        public String errorCode() {
            return errorCode;
        }
    }

    public enum SubRecordType {
        JSON,
        DELIMITED
    }

    private final SubRecordType type;
    private final byte[] delimiter;

    /** @param delimiter the DELIMITED separator (already base64-decoded); unused for JSON */
    public SubRecordSplitter(SubRecordType type, byte[] delimiter) {
        this.type = type;
        this.delimiter = delimiter;
        if (type == SubRecordType.DELIMITED && (delimiter == null || delimiter.length == 0)) {
            throw new IllegalArgumentException("DELIMITED de-aggregation needs a delimiter");
        }
    }

    /** The RecordDeAggregation processor a connector's configuration names, or null when there is none. */
    public static SubRecordSplitter of(FirehoseSinkConfig config) {
        return switch (config.subRecordType()) {
            case "" -> null;
            case "JSON" -> new SubRecordSplitter(SubRecordType.JSON, null);
            default -> new SubRecordSplitter(SubRecordType.DELIMITED, config.subRecordDelimiter());
        };
    }

    public List<byte[]> split(byte[] data) throws SplitException {
        List<byte[]> out = type == SubRecordType.JSON ? splitJson(data) : splitDelimited(data);
        if (out.size() > MAX_SUB_RECORDS) {
            throw new SplitException(
                    TOO_MANY_SUB_RECORDS,
                    "The record holds " + out.size() + " sub-records; de-aggregation is capped at " + MAX_SUB_RECORDS
                            + " per record.");
        }
        return out;
    }

    /** Each top-level JSON object, byte for byte as it was written (no reformatting). */
    private static List<byte[]> splitJson(byte[] data) throws SplitException {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(data)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new SplitException(
                            INVALID_JSON,
                            "Sub-records must be JSON objects, one after the other "
                                    + "or one per line; found " + token + " at byte "
                                    + parser.currentTokenLocation().getByteOffset() + ".");
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(data, start, end));
            }
        } catch (JsonProcessingException e) {
            throw new SplitException(
                    INVALID_JSON, "The record is not a sequence of JSON objects: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Reading a byte array cannot fail", e);
        }
        return out;
    }

    /** The pieces between delimiters; an empty piece after a trailing delimiter is not a record. */
    private List<byte[]> splitDelimited(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length - delimiter.length; ) {
            if (Arrays.equals(data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                out.add(Arrays.copyOfRange(data, start, i));
                i += delimiter.length;
                start = i;
            } else {
                i++;
            }
        }
        if (start < data.length) {
            out.add(Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }
}
