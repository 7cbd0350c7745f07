package io.millrace.firehose.iceberg;

import io.millrace.firehose.naming.DeterministicIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * A buffer's rows and deleted keys as Parquet files of a table, one per partition: data files, and equality delete
 * files on the key columns. Files are named after the buffer's marker, so a retried write replaces its own
 * uncommitted file instead of adding another.
 */
final class IcebergFiles {

    private IcebergFiles() {}

    /** Rows (or keys: {@code schema} is then the key schema, holding the partition columns) by partition. */
    static Map<PartitionKey, List<Record>> byPartition(Table table, Schema schema, List<Record> records) {
        Map<PartitionKey, List<Record>> partitions = new LinkedHashMap<>();
        InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
        for (Record record : records) {
            PartitionKey partition = new PartitionKey(table.spec(), schema);
            partition.partition(wrapper.wrap(record));
            partitions.computeIfAbsent(partition, p -> new ArrayList<>()).add(record);
        }
        return partitions;
    }

    static List<DataFile> data(Table table, String marker, Map<PartitionKey, List<Record>> partitions) {
        List<DataFile> files = new ArrayList<>();
        int index = 0;
        for (Map.Entry<PartitionKey, List<Record>> partition : partitions.entrySet()) {
            OutputFile out = output(table, marker, Integer.toString(index++), partition.getKey());
            DataWriter<Record> writer;
            try {
                writer = Parquet.writeData(out)
                        .forTable(table)
                        .createWriterFunc(GenericParquetWriter::create)
                        .withSpec(table.spec())
                        .withPartition(table.spec().isUnpartitioned() ? null : partition.getKey())
                        .overwrite()
                        .build();
                try (DataWriter<Record> w = writer) {
                    partition.getValue().forEach(w::write);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out.location(), e);
            }
            files.add(writer.toDataFile());
        }
        return files;
    }

    static List<DeleteFile> equalityDeletes(
            Table table, String marker, Schema keySchema, Map<PartitionKey, List<Record>> partitions) {
        List<DeleteFile> files = new ArrayList<>();
        List<Integer> ids =
                keySchema.columns().stream().map(Types.NestedField::fieldId).collect(Collectors.toList());
        int index = 0;
        for (Map.Entry<PartitionKey, List<Record>> partition : partitions.entrySet()) {
            OutputFile out = output(table, marker, "deletes-" + index++, partition.getKey());
            EqualityDeleteWriter<Record> writer;
            try {
                writer = Parquet.writeDeletes(out)
                        .forTable(table)
                        .rowSchema(keySchema)
                        .equalityFieldIds(ids)
                        .createWriterFunc(GenericParquetWriter::create)
                        .withSpec(table.spec())
                        .withPartition(table.spec().isUnpartitioned() ? null : partition.getKey())
                        .overwrite()
                        .buildEqualityWriter();
                try (EqualityDeleteWriter<Record> w = writer) {
                    partition.getValue().forEach(w::write);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + out.location(), e);
            }
            files.add(writer.toDeleteFile());
        }
        return files;
    }

    private static OutputFile output(Table table, String marker, String part, PartitionKey partition) {
        // Data files keep the naming of the appends before deletes existed: "marker NUL table NUL index".
        String name = DeterministicIds.uuid(marker + "\u0000" + table.name() + "\u0000" + part) + ".parquet";
        String location = table.spec().isUnpartitioned()
                ? table.locationProvider().newDataLocation(name)
                : table.locationProvider().newDataLocation(table.spec(), partition, name);
        return table.io().newOutputFile(location);
    }
}
