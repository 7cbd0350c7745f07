package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.delivery.DestinationSink;
import io.millrace.firehose.naming.DeterministicIds;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg destination: each finished buffer's records are routed to their tables, written as Parquet data files
 * (one per table and partition) and appended in one commit per table through the catalog. A commit carries the
 * buffer's deterministic key in its snapshot summary ({@value #BUFFER_PROPERTY}), and a buffer whose key a table
 * already has is not appended to it again: a task that died after the commit but before Kafka took its offsets
 * replays the buffer under the same key, so each record is in its table once (the offsets-in-snapshot approach of
 * Iceberg's own Kafka Connect sink, with the engine's buffer keys as the offsets). Records that cannot be delivered
 * (no table to route to, not JSON, a value that does not fit its column) go to S3 under the error prefix, one JSON
 * line each in AWS's error envelope. A failure of the catalog or the store throws: the engine keeps the buffer and
 * its offsets and tries again.
 */
public final class IcebergDelivery implements DestinationSink {

    static final String BUFFER_PROPERTY = "millrace.firehose.buffer";
    private static final Logger LOG = LoggerFactory.getLogger(IcebergDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamName;
    private final IcebergSettings settings;
    private final Catalog catalog;
    private final String errorBucket;
    private final ObjectWriter errors;

    public IcebergDelivery(
            String streamName, IcebergSettings settings, Catalog catalog, String errorBucket, ObjectWriter errors) {
        this.streamName = streamName;
        this.settings = settings;
        this.catalog = catalog;
        this.errorBucket = errorBucket;
        this.errors = errors;
    }

    @Override
    public byte[] frame(byte[] data, long arrivalMillis) {
        return IcebergBuffer.frame(data, arrivalMillis);
    }

    @Override
    public void deliver(String key, Path file) {
        String marker = streamName + "/" + key;
        Map<DestinationTable, List<Parsed>> byTable = new LinkedHashMap<>();
        List<ObjectNode> failed = new ArrayList<>();
        for (IcebergBuffer.Entry entry : IcebergBuffer.read(file)) {
            try {
                JsonNode json = JSON.readTree(entry.data());
                DestinationTable table = route(json);
                byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(new Parsed(json, entry));
            } catch (IOException | RuntimeException e) {
                failed.add(envelope(entry, "Iceberg.InvalidRecord", message(e)));
            }
        }
        for (Map.Entry<DestinationTable, List<Parsed>> group : byTable.entrySet()) {
            DestinationTable destination = group.getKey();
            Table table = catalog.loadTable(TableIdentifier.of(destination.database(), destination.table()));
            // Rows first, committed or not: a replay must find the same undeliverable records as the first attempt.
            Map<PartitionKey, List<Record>> partitions = rows(table, group.getValue(), failed);
            if (committed(table, marker)) {
                LOG.info("Delivery stream {}: buffer {} is already in {}, not appended again", streamName, key, table);
                continue;
            }
            List<DataFile> files = write(table, marker, partitions);
            if (files.isEmpty()) {
                continue;
            }
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            append.set(BUFFER_PROPERTY, marker);
            append.commit();
        }
        if (!failed.isEmpty()) {
            writeErrors(key, failed);
        }
    }

    /** Whether a snapshot of the table carries this buffer's marker (snapshot expiry bounds how far this looks). */
    static boolean committed(Table table, String marker) {
        for (Snapshot snapshot : table.snapshots()) {
            if (marker.equals(snapshot.summary().get(BUFFER_PROPERTY))) {
                return true;
            }
        }
        return false;
    }

    private record Parsed(JsonNode json, IcebergBuffer.Entry entry) {}

    /** The records as rows of the table by partition; those that do not fit its schema join {@code failed}. */
    private Map<PartitionKey, List<Record>> rows(Table table, List<Parsed> records, List<ObjectNode> failed) {
        Map<PartitionKey, List<Record>> partitions = new LinkedHashMap<>();
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        for (Parsed parsed : records) {
            try {
                Record row = IcebergRows.row(table.schema(), parsed.json());
                PartitionKey partition = new PartitionKey(table.spec(), table.schema());
                partition.partition(wrapper.wrap(row));
                partitions.computeIfAbsent(partition, p -> new ArrayList<>()).add(row);
            } catch (RuntimeException e) {
                failed.add(envelope(parsed.entry(), "Iceberg.SchemaMismatch", message(e)));
            }
        }
        return partitions;
    }

    /** One Parquet data file per partition. */
    private List<DataFile> write(Table table, String marker, Map<PartitionKey, List<Record>> partitions) {
        List<DataFile> files = new ArrayList<>();
        int index = 0;
        for (Map.Entry<PartitionKey, List<Record>> partition : partitions.entrySet()) {
            // Named after the buffer: a retried write replaces its own uncommitted file instead of adding another.
            String name = DeterministicIds.uuid(marker + "\u0000" + table.name() + "\u0000" + index++) + ".parquet";
            String location = table.spec().isUnpartitioned()
                    ? table.locationProvider().newDataLocation(name)
                    : table.locationProvider().newDataLocation(table.spec(), partition.getKey(), name);
            OutputFile out = table.io().newOutputFile(location);
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
                throw new UncheckedIOException("Cannot write " + location, e);
            }
            files.add(writer.toDataFile());
        }
        return files;
    }

    /** The table a record goes to: the only one configured, or the one its JSON fields name. */
    private DestinationTable route(JsonNode json) {
        List<DestinationTable> tables = settings.tables();
        if (!settings.routed()) {
            if (tables.size() != 1) {
                throw new IllegalArgumentException(
                        "no routing fields are configured and there are " + tables.size() + " tables");
            }
            return tables.get(0);
        }
        String database = field(json, settings.databaseField());
        String table = field(json, settings.tableField());
        for (DestinationTable t : tables) {
            if (t.database().equalsIgnoreCase(database) && t.table().equalsIgnoreCase(table)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "the record names " + database + "." + table + ", which is not a destination table");
    }

    private static String field(JsonNode json, String path) {
        JsonNode node = json;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (!node.isValueNode() || node.isNull()) {
            throw new IllegalArgumentException("the record has no " + path);
        }
        return node.asText().toLowerCase(Locale.ROOT);
    }

    /** AWS's error envelope of a record Firehose could not deliver (rawData in base64). */
    private ObjectNode envelope(IcebergBuffer.Entry entry, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("attemptsMade", 1);
        error.put("arrivalTimestamp", entry.arrivalMillis());
        error.put("errorCode", code);
        error.put("errorMessage", message);
        error.put("attemptEndingTimestamp", Instant.now().toEpochMilli());
        error.put("rawData", Base64.getEncoder().encodeToString(entry.data()));
        return error;
    }

    private void writeErrors(String key, List<ObjectNode> failed) {
        try {
            Path lines = Files.createTempFile("iceberg-failed", ".json");
            try {
                StringBuilder text = new StringBuilder();
                failed.forEach(f -> text.append(f).append('\n'));
                Files.writeString(lines, text);
                // Named after the buffer, so a replay writes the same object again rather than a second one.
                errors.put(errorBucket, settings.errorPrefix() + key, lines, Optional.empty());
            } finally {
                Files.deleteIfExists(lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.warn(
                "Delivery stream {}: {} records of buffer {} could not be delivered to Iceberg, written to s3://{}/{}",
                streamName,
                failed.size(),
                key,
                errorBucket,
                settings.errorPrefix() + key);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
