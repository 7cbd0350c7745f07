package io.millrace.firehose.conversion;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcConf;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.storage.common.type.HiveDecimal;
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.ListColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.MapColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * OutputFormatConfiguration.Serializer.OrcSerDe: the buffered rows as one ORC file, typed exactly as the table's
 * Hive columns (ORC's types are Hive's). Timestamps are written in UTC.
 */
public final class OrcObjectEncoder implements ObjectEncoder {

    /**
     * OrcSerDe's settings. AWS's defaults: SNAPPY, StripeSizeBytes 64 MiB, BlockSizeBytes 256 MiB, RowIndexStride
     * 10,000, EnablePadding false, PaddingTolerance 0.05, BloomFilterFalsePositiveProbability 0.05,
     * DictionaryKeyThreshold 0.0, FormatVersion V0_12.
     */
    public record Options(
            String compression,
            long stripeSizeBytes,
            long blockSizeBytes,
            int rowIndexStride,
            boolean enablePadding,
            double paddingTolerance,
            List<String> bloomFilterColumns,
            double bloomFilterFpp,
            double dictionaryKeyThreshold,
            String formatVersion) {}

    private final HiveType row;
    private final Schema schema;
    private final Options options;

    public OrcObjectEncoder(HiveType row, Schema schema, Options options) {
        this.row = row;
        this.schema = schema;
        this.options = options;
    }

    @Override
    public Path encode(Path buffer, Path directory) throws IOException {
        Path out = Files.createTempFile(directory, "firehose-", ".orc");
        Configuration conf = new Configuration(false);
        OrcConf.DICTIONARY_KEY_SIZE_THRESHOLD.setDouble(conf, options.dictionaryKeyThreshold());
        // The raw local file system: no .crc side files, no Hadoop cache shared between tasks.
        FileSystem fs = new RawLocalFileSystem();
        fs.initialize(java.net.URI.create("file:///"), conf);
        TypeDescription orcSchema = TypeDescription.fromString(row.toString());
        OrcFile.WriterOptions writerOptions = OrcFile.writerOptions(conf)
                .fileSystem(fs)
                .overwrite(true)
                .setSchema(orcSchema)
                .compress(CompressionKind.valueOf(options.compression()))
                .stripeSize(options.stripeSizeBytes())
                .blockSize(options.blockSizeBytes())
                .rowIndexStride(options.rowIndexStride())
                .blockPadding(options.enablePadding())
                .paddingTolerance(options.paddingTolerance())
                .bloomFilterFpp(options.bloomFilterFpp())
                .useUTCTimestamp(true)
                .version("V0_11".equals(options.formatVersion()) ? OrcFile.Version.V_0_11 : OrcFile.Version.V_0_12);
        if (!options.bloomFilterColumns().isEmpty()) {
            writerOptions.bloomFilterColumns(String.join(",", options.bloomFilterColumns()));
        }
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        try (Writer writer = OrcFile.createWriter(new org.apache.hadoop.fs.Path(out.toUri()), writerOptions);
                InputStream in = new BufferedInputStream(Files.newInputStream(buffer), 64 * 1024)) {
            VectorizedRowBatch batch = orcSchema.createRowBatch();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
            GenericRecord record = null;
            while (!decoder.isEnd()) {
                record = reader.read(record, decoder);
                int r = batch.size++;
                for (int c = 0; c < row.fields().size(); c++) {
                    set(batch.cols[c], r, row.fields().get(c).type(), record.get(c));
                }
                if (batch.size == batch.getMaxSize()) {
                    writer.addRowBatch(batch);
                    batch.reset();
                }
            }
            if (batch.size > 0) {
                writer.addRowBatch(batch);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        } finally {
            fs.close();
        }
        return out;
    }

    private static void set(ColumnVector column, int r, HiveType type, Object value) {
        if (value == null) {
            column.noNulls = false;
            column.isNull[r] = true;
            return;
        }
        column.isNull[r] = false;
        switch (type.kind()) {
            case BOOLEAN -> ((LongColumnVector) column).vector[r] = (Boolean) value ? 1 : 0;
            case TINYINT, SMALLINT, INT, DATE -> ((LongColumnVector) column).vector[r] = (Integer) value;
            case BIGINT -> ((LongColumnVector) column).vector[r] = (Long) value;
            case FLOAT -> ((DoubleColumnVector) column).vector[r] = (Float) value;
            case DOUBLE -> ((DoubleColumnVector) column).vector[r] = (Double) value;
            case STRING, VARCHAR, CHAR -> {
                Utf8 text = value instanceof Utf8 u ? u : new Utf8(value.toString());
                ((BytesColumnVector) column).setVal(r, text.getBytes(), 0, text.getByteLength());
            }
            case BINARY -> {
                byte[] bytes = bytes((ByteBuffer) value);
                ((BytesColumnVector) column).setVal(r, bytes, 0, bytes.length);
            }
            case DECIMAL ->
                ((DecimalColumnVector) column)
                        .set(
                                r,
                                HiveDecimal.create(
                                        new BigDecimal(new BigInteger(bytes((ByteBuffer) value)), type.scale())));
            case TIMESTAMP -> {
                TimestampColumnVector ts = (TimestampColumnVector) column;
                long millis = (Long) value;
                ts.time[r] = millis;
                ts.nanos[r] = (int) Math.floorMod(millis, 1000L) * 1_000_000;
            }
            case ARRAY -> {
                ListColumnVector list = (ListColumnVector) column;
                List<?> elements = (List<?>) value;
                int start = list.childCount;
                list.offsets[r] = start;
                list.lengths[r] = elements.size();
                list.childCount += elements.size();
                list.child.ensureSize(list.childCount, true);
                for (int i = 0; i < elements.size(); i++) {
                    set(list.child, start + i, type.element(), elements.get(i));
                }
            }
            case MAP -> {
                MapColumnVector map = (MapColumnVector) column;
                Map<?, ?> entries = (Map<?, ?>) value;
                int start = map.childCount;
                map.offsets[r] = start;
                map.lengths[r] = entries.size();
                map.childCount += entries.size();
                map.keys.ensureSize(map.childCount, true);
                map.values.ensureSize(map.childCount, true);
                int i = start;
                for (Map.Entry<?, ?> e : entries.entrySet()) {
                    set(map.keys, i, type.key(), key(type.key(), e.getKey().toString()));
                    set(map.values, i, type.value(), e.getValue());
                    i++;
                }
            }
            case STRUCT -> {
                StructColumnVector struct = (StructColumnVector) column;
                GenericRecord record = (GenericRecord) value;
                for (int i = 0; i < type.fields().size(); i++) {
                    set(struct.fields[i], r, type.fields().get(i).type(), record.get(i));
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /** A map key kept as text in Avro, in the representation of its Hive type (checked when the record arrived). */
    private static Object key(HiveType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> Boolean.parseBoolean(text);
            case TINYINT, SMALLINT, INT -> Integer.parseInt(text.trim());
            case DATE ->
                (int) java.time.LocalDate.parse(text.trim()
                                .substring(0, Math.min(10, text.trim().length())))
                        .toEpochDay();
            case BIGINT -> Long.parseLong(text.trim());
            case FLOAT -> Float.parseFloat(text.trim());
            case DOUBLE -> Double.parseDouble(text.trim());
            case DECIMAL ->
                ByteBuffer.wrap(new BigDecimal(text.trim())
                        .setScale(type.scale(), java.math.RoundingMode.HALF_UP)
                        .unscaledValue()
                        .toByteArray());
            default -> new Utf8(text);
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
