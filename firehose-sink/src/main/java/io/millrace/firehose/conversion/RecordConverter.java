package io.millrace.firehose.conversion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The conversion step of a record, when it arrives: its JSON read into rows of the table and encoded as Avro
 * binary, which is what the destination buffers until the object is written as Parquet or ORC. Reading the JSON
 * here, not when the object is sealed, lets a record that does not fit go to the error output with the segment it
 * arrived in, and keeps the buffer compact and already checked.
 */
public final class RecordConverter {
    /** The error code of a record that cannot be read as rows of the table (the envelope's ErrorCode). */
    public static final String MALFORMED_DATA = "DataFormatConversion.MalformedData";

    private final JsonRowReader reader;
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;

    public RecordConverter(JsonRowReader reader) {
        this.reader = reader;
        this.writer = new GenericDatumWriter<>(reader.schema());
    }

    /** Converted with the rows as Avro binary, or Failed with AWS's error code and why. */
    public ConversionResult convert(byte[] json) {
        List<GenericRecord> rows;
        try {
            rows = reader.read(json);
        } catch (ConversionException e) {
            return new ConversionResult.Failed(MALFORMED_DATA, e.getMessage());
        }
        bytes.reset();
        encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
        try {
            for (GenericRecord row : rows) {
                writer.write(row, encoder);
            }
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConversionResult.Converted(bytes.toByteArray());
    }
}
