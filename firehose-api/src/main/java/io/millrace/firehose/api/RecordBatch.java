package io.millrace.firehose.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.BodyReader;
import io.millrace.gateway.protocol.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A PutRecordBatch request as read: the DeliveryStreamName and each record's Data (null for a record without one),
 * or no records when Records is absent. Read from a tree (an in-process call), or straight from the request's bytes
 * by {@link #READER}, with the same answers to members of the wrong type: the JSON body of 500 records of 1 KiB is
 * 680 KiB of base64 that a tree holds as 500 strings before each is decoded into the array the producer sends.
 */
public final class RecordBatch {

    /** The request's members (botocore model firehose/2015-08-04, PutRecordBatchInput and Record). */
    private static final String NAME = "DeliveryStreamName";

    private static final String RECORDS = "Records";
    private static final String DATA = "Data";

    /** Reads a PutRecordBatch body in one streaming pass; see {@link BodyReader}. */
    public static final BodyReader READER = RecordBatch::read;

    private final String name;
    private final List<byte[]> records;

    private RecordBatch(String name, List<byte[]> records) {
        this.name = name;
        this.records = records;
    }

    /** The request as a tree holds it; a member of the wrong type is a SerializationException. */
    public static RecordBatch of(JsonNode body) {
        String name = Fields.text(body, NAME);
        JsonNode records = Fields.array(body, RECORDS);
        if (records == null) {
            return new RecordBatch(name, null);
        }
        List<byte[]> data = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw notStructures();
            }
            data.add(Fields.blob(record, DATA));
        }
        return new RecordBatch(name, data);
    }

    /** The delivery stream named, or null when the member is absent. */
    public String name() {
        return name;
    }

    /** Whether the request has a Records member at all (AWS's "records" required check). */
    public boolean hasRecords() {
        return records != null;
    }

    /** The number of records; 0 without a Records member. */
    public int size() {
        return records == null ? 0 : records.size();
    }

    /** Record {@code i}'s Data, null when the record has none. */
    public byte[] data(int i) {
        return records.get(i);
    }

    private static ApiException notStructures() {
        return ApiException.serialization("Member records must be a list of structures");
    }

    /**
     * Reads the body's members as {@link #of} reads them from a tree: the last of a repeated member counts, a member
     * of the wrong type fails the call once the whole body was read (a malformed body is answered as such first),
     * the name's error before the records' and the records' in their order. The members the access check and the
     * audit trail see are the body's without the blobs: each record an empty structure, as CloudTrail shows it.
     */
    private static BodyReader.Decoded read(JsonParser parser) throws IOException {
        return new Reading(parser).read();
    }

    /** One streaming read of a body: what it found so far, and the first error of each member. */
    private static final class Reading {
        private final JsonParser parser;
        private final ObjectNode members = JsonNodeFactory.instance.objectNode();
        private String name;
        private ApiException nameError;
        private List<byte[]> records;
        private ApiException recordsError;

        Reading(JsonParser parser) {
            this.parser = parser;
        }

        BodyReader.Decoded read() throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                if (NAME.equals(member)) {
                    readName(value);
                } else if (RECORDS.equals(member)) {
                    readRecords(value);
                } else {
                    members.set(member, parser.readValueAsTree());
                }
            }
            if (nameError != null) {
                throw nameError;
            }
            if (recordsError != null) {
                throw recordsError;
            }
            return new BodyReader.Decoded(members, new RecordBatch(name, records));
        }

        private void readName(JsonToken value) throws IOException {
            nameError = null;
            name = null;
            if (value == JsonToken.VALUE_STRING) {
                name = parser.getText();
                members.put(NAME, name);
                return;
            }
            members.set(NAME, parser.readValueAsTree());
            try {
                name = Fields.text(members, NAME);
            } catch (ApiException e) {
                nameError = e;
            }
        }

        private void readRecords(JsonToken value) throws IOException {
            recordsError = null;
            records = null;
            if (value != JsonToken.START_ARRAY) {
                members.set(RECORDS, parser.readValueAsTree());
                try {
                    Fields.array(members, RECORDS);
                } catch (ApiException e) {
                    recordsError = e;
                }
                return;
            }
            records = new ArrayList<>();
            ArrayNode shown = members.putArray(RECORDS);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    failRecords(notStructures());
                    continue;
                }
                records.add(readRecord(shown.addObject()));
            }
        }

        /**
         * One record's members, the parser on its START_OBJECT; its Data decoded in place (see
         * {@link Fields#blob(JsonParser, String)}), the others kept for {@code shown}.
         */
        private byte[] readRecord(ObjectNode shown) throws IOException {
            byte[] data = null;
            ApiException dataError = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = parser.currentName();
                parser.nextToken();
                if (!DATA.equals(member)) {
                    shown.set(member, parser.readValueAsTree());
                    continue;
                }
                try {
                    data = Fields.blob(parser, DATA);
                    dataError = null;
                } catch (ApiException e) {
                    data = null;
                    dataError = e;
                }
            }
            if (dataError != null) {
                failRecords(dataError);
            }
            return data;
        }

        private void failRecords(ApiException e) {
            if (recordsError == null) {
                recordsError = e;
            }
        }
    }
}
