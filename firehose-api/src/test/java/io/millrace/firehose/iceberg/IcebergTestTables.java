package io.millrace.firehose.iceberg;

import io.millrace.firehose.api.FirehoseTestGateway;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** What the Iceberg tests share: settings against the shared gateway's Glue and S3, buffers, rows read back. */
public final class IcebergTestTables {

    private IcebergTestTables() {}

    public static IcebergSettings settings(
            String bucket,
            List<DestinationTable> tables,
            String databaseField,
            String tableField,
            IcebergSettings.Writes writes) {
        TestStack stack = TestStack.get();
        return new IcebergSettings(
                FirehoseTestGateway.shared().endpoint().toString(),
                "",
                "s3://" + bucket + "/warehouse",
                tables,
                databaseField,
                tableField,
                "IcebergFailed/",
                stack.s3Endpoint().toString(),
                "us-east-1",
                TestStack.ACCESS_KEY,
                TestStack.SECRET_KEY,
                true,
                writes);
    }

    /** A buffer file as the engine frames an Iceberg destination's records. */
    static Path buffer(Path dir, List<String> records) throws IOException {
        Path file = Files.createTempFile(dir, "buffer", ".bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (String record : records) {
                out.write(IcebergBuffer.frame(record.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L));
            }
        }
        return file;
    }

    /** The table's rows as Iceberg's generic reader reads them (deletes applied). */
    static List<Record> rows(Table table) throws IOException {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
            read.forEach(rows::add);
        }
        return rows;
    }

    static long countSnapshots(Table table) {
        table.refresh();
        long n = 0;
        for (var ignored : table.snapshots()) {
            n++;
        }
        return n;
    }

    /** The error envelopes written for a buffer under the destination's prefix, one JSON line each. */
    static List<String> errorLines(String bucket, String key) {
        return errorLines(bucket, "IcebergFailed/", key);
    }

    /** The error envelopes written for a buffer under {@code prefix}, one JSON line each. */
    static List<String> errorLines(String bucket, String prefix, String key) {
        return TestStack.get()
                .s3()
                .getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key))
                .asUtf8String()
                .lines()
                .toList();
    }

    /** A new bucket and database name; the settings of {@code tables} (built from the database) with {@code writes}. */
    record Lake(String bucket, String database) {
        static Lake create(String name) {
            Lake lake = new Lake(
                    TestStack.unique(name), TestStack.unique(name + "_db").replace('-', '_'));
            TestStack.get().createBucket(lake.bucket);
            return lake;
        }

        IcebergSettings settings(
                List<DestinationTable> tables, String databaseField, String tableField, IcebergSettings.Writes writes) {
            return IcebergTestTables.settings(bucket, tables, databaseField, tableField, writes);
        }

        /** Every record to the one table {@code table} (with {@code uniqueKeys}) of this database. */
        IcebergSettings settings(String table, List<String> uniqueKeys, IcebergSettings.Writes writes) {
            return settings(List.of(new DestinationTable(database, table, "", uniqueKeys, List.of())), "", "", writes);
        }
    }

    /** The sink's Iceberg delivery of stream {@code stream} on {@code catalog}, failed records to {@code bucket}. */
    static IcebergDelivery delivery(String stream, IcebergSettings settings, Catalog catalog, String bucket) {
        return new IcebergDelivery(
                stream,
                settings,
                catalog,
                bucket,
                new ObjectWriter(TestStack.get().s3()));
    }
}
