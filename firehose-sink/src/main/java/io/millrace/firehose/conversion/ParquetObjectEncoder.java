package io.millrace.firehose.conversion;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** OutputFormatConfiguration.Serializer.ParquetSerDe: the buffered rows as one Parquet file. */
public final class ParquetObjectEncoder implements ObjectEncoder {

    /**
     * ParquetSerDe's settings. AWS's defaults: SNAPPY, BlockSizeBytes 256 MiB (at least 64 MiB), PageSizeBytes
     * 1 MiB (at least 64 KiB), MaxPaddingBytes 0, WriterVersion V1.
     *
     * @param blockSizeBytes the row group size (Parquet's "block size"), also what padding aligns to
     */
    public record Options(
            String compression,
            long blockSizeBytes,
            int pageSizeBytes,
            boolean dictionary,
            int maxPaddingBytes,
            String writerVersion) {}

    private final Schema schema;
    private final Options options;

    public ParquetObjectEncoder(Schema schema, Options options) {
        this.schema = schema;
        this.options = options;
    }

    @Override
    public Path encode(Path buffer, Path directory) throws IOException {
        Path out = Files.createTempFile(directory, "firehose-", ".parquet");
        Configuration conf = new Configuration(false);
        // Three-level lists, as Hive, Athena and Spark write and expect them.
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(out))
                        .withSchema(schema)
                        .withDataModel(GenericData.get())
                        .withConf(conf)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withCompressionCodec(CompressionCodecName.valueOf(options.compression()))
                        .withRowGroupSize(options.blockSizeBytes())
                        .withPageSize(options.pageSizeBytes())
                        .withDictionaryEncoding(options.dictionary())
                        .withMaxPaddingSize(options.maxPaddingBytes())
                        .withWriterVersion(
                                "V2".equals(options.writerVersion())
                                        ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                        .build();
                InputStream in = new BufferedInputStream(Files.newInputStream(buffer), 64 * 1024)) {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
            GenericRecord row = null;
            while (!decoder.isEnd()) {
                row = reader.read(row, decoder);
                writer.write(row);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        return out;
    }
}
