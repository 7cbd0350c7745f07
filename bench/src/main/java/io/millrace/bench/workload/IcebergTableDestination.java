package io.millrace.bench.workload;

import io.millrace.bench.stats.Operation;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.iceberg.IcebergCatalogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DestinationTableConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An Iceberg destination: a table of the run's own in a Glue database of the run's own, made through the platform's
 * Glue API with Iceberg's GlueCatalog (the catalog the sink commits through, {@link IcebergCatalogs}), its data under
 * the run's S3 prefix. The bench reads it back with Iceberg's generic reader: each poll refreshes the table and reads
 * the rows of the snapshots committed since the last one (appends only), so a record is seen when the first refresh
 * after its commit returns. Records are the JSON objects of {@link PayloadFormat#JSON}, one row each.
 */
public final class IcebergTableDestination implements DeliveryDestination {

    /** The catalog id the stream's CatalogARN names and the bench's catalog reads: one catalog for both. */
    static final String CATALOG_ID = "000000000000";

    static final String TABLE = "records";

    /** The columns the sink fills from the JSON fields of the same names. */
    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "batch", Types.LongType.get()),
            Types.NestedField.required(2, "index", Types.IntegerType.get()),
            Types.NestedField.optional(3, "pad", Types.StringType.get()));

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String region;
    private final String database;
    private final Buffering buffering;
    private final GlueCatalog catalog;
    private final int recordSize;
    private Table table;
    private Long lastSnapshot;
    private DeliveryTracker tracker;
    private LongConsumer onRecordBytes;
    private long snapshots;
    private long rows;
    private long commitLagTotalMillis;
    private long commitLagMaxMillis;

    /**
     * @param glueEndpoint the platform's Glue API (the gateway, as {@code millrace.firehose.glue-endpoint})
     * @param s3Endpoint   the S3 store of the warehouse, empty for AWS S3
     * @param database     Glue database of the run (lower-case letters, digits and underscores)
     */
    public IcebergTableDestination(
            String glueEndpoint,
            S3Target s3Target,
            S3Client s3,
            String bucket,
            String prefix,
            String database,
            int recordSize,
            Buffering buffering) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.region = s3Target.region();
        this.database = database;
        this.recordSize = recordSize;
        this.buffering = buffering;
        IcebergSettings settings = new IcebergSettings(
                glueEndpoint,
                CATALOG_ID,
                warehouse(),
                List.of(),
                "",
                "",
                "",
                s3Target.endpoint() == null ? "" : s3Target.endpoint().toString(),
                s3Target.region(),
                s3Target.accessKey(),
                s3Target.secretKey(),
                s3Target.pathStyle(),
                IcebergSettings.Writes.APPEND);
        this.catalog = IcebergCatalogs.open("millrace-bench", settings);
    }

    private String warehouse() {
        return "s3://" + bucket + "/" + prefix + "warehouse";
    }

    /** Creates the run's database and table, before the delivery stream that writes it. */
    public void createTable() {
        try {
            catalog.createNamespace(Namespace.of(database));
            table = catalog.createTable(TableIdentifier.of(database, TABLE), SCHEMA, PartitionSpec.unpartitioned());
        } catch (RuntimeException e) {
            throw new BenchFailure(
                    "cannot create the Iceberg table " + database + "." + TABLE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String row() {
        return "iceberg";
    }

    @Override
    public Operation operation() {
        return Operation.DELIVERY_ICEBERG;
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecordBatch acknowledged to its row read back from the table's new snapshot"
                + " (data freshness)";
    }

    @Override
    public String where() {
        return "in the Iceberg table";
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }

    @Override
    public void configure(CreateDeliveryStreamRequest.Builder request) {
        request.icebergDestinationConfiguration(d -> d.roleARN(S3Destination.ROLE)
                .catalogConfiguration(c -> c.catalogARN("arn:aws:glue:" + region + ":" + CATALOG_ID + ":catalog")
                        .warehouseLocation(warehouse()))
                .destinationTableConfigurationList(DestinationTableConfiguration.builder()
                        .destinationDatabaseName(database)
                        .destinationTableName(TABLE)
                        .build())
                .bufferingHints(h -> h.sizeInMBs(buffering.sizeMb()).intervalInSeconds(buffering.intervalSeconds()))
                .s3Configuration(S3Destination.failedRecords(bucket, prefix + "errors/")));
    }

    @Override
    public void attach(DeliveryTracker tracker, LongConsumer onRecordBytes) {
        this.tracker = tracker;
        this.onRecordBytes = onRecordBytes;
    }

    @Override
    public void poll() {
        table.refresh();
        long seen = System.nanoTime();
        long seenMillis = System.currentTimeMillis();
        Snapshot current = table.currentSnapshot();
        if (current == null || (lastSnapshot != null && current.snapshotId() == lastSnapshot)) {
            return;
        }
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table).select("batch", "index");
        scan = lastSnapshot == null
                ? scan.useSnapshot(current.snapshotId())
                : scan.appendsBetween(lastSnapshot, current.snapshotId());
        try (CloseableIterable<Record> read = scan.build()) {
            for (Record row : read) {
                tracker.delivered((Long) row.getField("batch"), (Integer) row.getField("index"), seen);
                onRecordBytes.accept(recordSize);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Snapshots committed since the last poll: the lag of the newest is the figure a reader sees.
        for (Snapshot s = current; s != null && (lastSnapshot == null || s.snapshotId() != lastSnapshot); ) {
            snapshots++;
            long lag = Math.max(0, seenMillis - s.timestampMillis());
            commitLagTotalMillis += lag;
            commitLagMaxMillis = Math.max(commitLagMaxMillis, lag);
            s = s.parentId() == null ? null : table.snapshot(s.parentId());
        }
        lastSnapshot = current.snapshotId();
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("table", database + "." + TABLE + " at " + warehouse());
        notes.put("snapshots read", Long.toString(snapshots));
        notes.put("rows read", Long.toString(rows));
        notes.put(
                "snapshot commit to read by the bench, mean ms",
                snapshots == 0 ? "n/a" : Long.toString(commitLagTotalMillis / snapshots));
        notes.put("snapshot commit to read by the bench, max ms", Long.toString(commitLagMaxMillis));
        return notes;
    }

    @Override
    public String cleanUp() {
        String warning = null;
        try {
            catalog.dropTable(TableIdentifier.of(database, TABLE), true);
            catalog.dropNamespace(Namespace.of(database));
        } catch (RuntimeException e) {
            warning = "could not drop the Iceberg table " + database + "." + TABLE + ": " + e.getMessage();
        }
        String objects = S3DeliveryWatcher.deletePrefix(s3, bucket, prefix);
        return warning != null ? warning : objects;
    }

    @Override
    public void close() {
        try {
            catalog.close();
        } catch (IOException e) {
            // Its clients hold nothing that outlives the run.
        }
    }
}
