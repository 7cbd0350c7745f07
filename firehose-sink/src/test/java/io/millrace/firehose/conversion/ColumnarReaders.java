package io.millrace.firehose.conversion;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.TypeDescription;
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.ListColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads Parquet and ORC files back with the formats' own readers, for assertions. */
public final class ColumnarReaders {
    private ColumnarReaders() {}

    public static List<GenericRecord> parquet(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
                .withConf(new Configuration(false))
                .build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** The ORC file's schema (Hive spelling) and its rows as column name to plain Java value. */
    public record Orc(String schema, String compression, List<Map<String, Object>> rows) {}

    public static Orc orc(Path file) throws IOException {
        Configuration conf = new Configuration(false);
        try (Reader reader = OrcFile.createReader(
                new org.apache.hadoop.fs.Path(file.toUri()),
                OrcFile.readerOptions(conf).useUTCTimestamp(true))) {
            TypeDescription schema = reader.getSchema();
            List<Map<String, Object>> rows = new ArrayList<>();
            try (RecordReader records = reader.rows(reader.options().useSelected(false))) {
                VectorizedRowBatch batch = schema.createRowBatch();
                while (records.nextBatch(batch)) {
                    for (int r = 0; r < batch.size; r++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int c = 0; c < schema.getChildren().size(); c++) {
                            row.put(schema.getFieldNames().get(c), value(batch.cols[c], r));
                        }
                        rows.add(row);
                    }
                }
            }
            return new Orc(schema.toString(), reader.getCompressionKind().name(), rows);
        }
    }

    private static Object value(ColumnVector column, int r) {
        int i = column.isRepeating ? 0 : r;
        if (!column.noNulls && column.isNull[i]) {
            return null;
        }
        if (column instanceof TimestampColumnVector ts) {
            return ts.time[i];
        }
        if (column instanceof LongColumnVector longs) {
            return longs.vector[i];
        }
        if (column instanceof DoubleColumnVector doubles) {
            return doubles.vector[i];
        }
        if (column instanceof DecimalColumnVector decimals) {
            return new BigDecimal(decimals.vector[i]
                            .getHiveDecimal()
                            .bigDecimalValue()
                            .toPlainString())
                    .setScale(decimals.scale);
        }
        if (column instanceof BytesColumnVector bytes) {
            return bytes.toString(i);
        }
        if (column instanceof ListColumnVector list) {
            List<Object> out = new ArrayList<>();
            for (long k = list.offsets[i]; k < list.offsets[i] + list.lengths[i]; k++) {
                out.add(value(list.child, (int) k));
            }
            return out;
        }
        if (column instanceof StructColumnVector struct) {
            List<Object> out = new ArrayList<>();
            for (ColumnVector field : struct.fields) {
                out.add(value(field, i));
            }
            return out;
        }
        throw new IllegalStateException(column.getClass().getName());
    }
}
