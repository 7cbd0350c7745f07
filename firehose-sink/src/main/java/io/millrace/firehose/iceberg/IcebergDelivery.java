package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import io.millrace.firehose.delivery.DestinationSink;
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
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg destination: each finished buffer's records are routed to their tables (created or given new columns
 * first when so configured: {@link IcebergTables}), resolved by their operations into rows and deleted keys
 * ({@link IcebergChanges}), written as Parquet data and equality delete files (one per table and partition) and
 * committed in one snapshot per table through the catalog. A commit carries the buffer's deterministic key in its
 * snapshot summary ({@value #BUFFER_PROPERTY}), and a buffer whose key a table already has is not applied to it
 * again: a task that died after the commit but before Kafka took its offsets replays the buffer under the same key,
 * so each record's insert, update or delete is applied once (the offsets-in-snapshot approach of Iceberg's own Kafka
 * Connect sink, with the engine's buffer keys as the offsets). Records that cannot be delivered (not JSON, no such
 * table, a value that does not fit its column, an update without unique keys) go to S3 under the error prefix of
 * their table (its S3ErrorOutputPrefix) or else of the destination, one JSON line each in AWS's error envelope. A failure of the catalog or the store throws: the engine keeps the buffer
 * and its offsets and tries again.
 */
public final class IcebergDelivery implements DestinationSink {

    static final String BUFFER_PROPERTY = "millrace.firehose.buffer";
    private static final Logger LOG = LoggerFactory.getLogger(IcebergDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String streamName;
    private final IcebergSettings settings;
    private final String errorBucket;
    private final ObjectWriter errors;
    private final IcebergTables tables;

    public IcebergDelivery(
            String streamName, IcebergSettings settings, Catalog catalog, String errorBucket, ObjectWriter errors) {
        this.streamName = streamName;
        this.settings = settings;
        this.errorBucket = errorBucket;
        this.errors = errors;
        this.tables = new IcebergTables(catalog, settings.writes());
    }

    @Override
    public byte[] frame(byte[] data, long arrivalMillis) {
        return IcebergBuffer.frame(data, arrivalMillis);
    }

    @Override
    public void deliver(String key, Path file) {
        String marker = streamName + "/" + key;
        Map<DestinationTable, List<IcebergChanges.Change>> byTable = new LinkedHashMap<>();
        // By error prefix: a table's own S3ErrorOutputPrefix, else the destination's.
        Map<String, List<ObjectNode>> failed = new LinkedHashMap<>();
        for (IcebergBuffer.Entry entry : IcebergBuffer.read(file)) {
            try {
                JsonNode json = JSON.readTree(entry.data());
                if (json == null || !json.isObject()) {
                    throw new IllegalArgumentException("the record is not a JSON object");
                }
                DestinationTable table = route(json);
                byTable.computeIfAbsent(table, t -> new ArrayList<>())
                        .add(new IcebergChanges.Change(json, operation(json), entry));
            } catch (Undeliverable e) {
                fail(failed, settings.errorPrefix(), envelope(entry, e.code(), e.getMessage()));
            } catch (IOException | RuntimeException e) {
                fail(failed, settings.errorPrefix(), envelope(entry, "Iceberg.InvalidRecord", message(e)));
            }
        }
        for (Map.Entry<DestinationTable, List<IcebergChanges.Change>> group : byTable.entrySet()) {
            DestinationTable destination = group.getKey();
            List<IcebergChanges.Change> changes = group.getValue();
            String errorPrefix =
                    destination.errorPrefix().isEmpty() ? settings.errorPrefix() : destination.errorPrefix();
            Table table;
            try {
                table = tables.prepare(
                        destination,
                        changes.stream().map(IcebergChanges.Change::json).toList());
            } catch (Undeliverable e) {
                changes.forEach(c -> fail(
                        failed, errorPrefix, envelope((IcebergBuffer.Entry) c.source(), e.code(), e.getMessage())));
                continue;
            }
            // Rows first, committed or not: a replay must find the same undeliverable records as the first attempt.
            IcebergChanges.Resolved resolved = IcebergChanges.resolve(table, destination.uniqueKeys(), changes);
            resolved.rejected()
                    .forEach(r -> fail(
                            failed,
                            errorPrefix,
                            envelope(
                                    (IcebergBuffer.Entry) r.source(),
                                    r.reason().code(),
                                    r.reason().getMessage())));
            if (committed(table, marker)) {
                LOG.info("Delivery stream {}: buffer {} is already in {}, not applied again", streamName, key, table);
                continue;
            }
            commit(table, marker, resolved);
        }
        failed.forEach((prefix, envelopes) -> writeErrors(prefix, key, envelopes));
    }

    private static void fail(Map<String, List<ObjectNode>> failed, String prefix, ObjectNode envelope) {
        failed.computeIfAbsent(prefix, p -> new ArrayList<>()).add(envelope);
    }

    /**
     * The buffer's rows and deletes in one commit carrying its marker: an append when it only adds rows, a row delta
     * (rows and equality deletes together) when it updates or deletes, so a replay finds either all of it or none.
     */
    private static void commit(Table table, String marker, IcebergChanges.Resolved resolved) {
        List<DataFile> files =
                IcebergFiles.data(table, marker, IcebergFiles.byPartition(table, table.schema(), resolved.rows()));
        if (resolved.deletes().isEmpty()) {
            if (files.isEmpty()) {
                return;
            }
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            append.set(BUFFER_PROPERTY, marker);
            append.commit();
            return;
        }
        List<DeleteFile> deletes = IcebergFiles.equalityDeletes(
                table,
                marker,
                resolved.keySchema(),
                IcebergFiles.byPartition(table, resolved.keySchema(), resolved.deletes()));
        RowDelta delta = table.newRowDelta();
        files.forEach(delta::addRows);
        deletes.forEach(delta::addDeletes);
        delta.set(BUFFER_PROPERTY, marker);
        delta.commit();
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

    /** A record's operation: the one its operation field names, else the configured one (insert by default). */
    private IcebergChanges.Operation operation(JsonNode json) {
        IcebergSettings.Writes writes = settings.writes();
        if (!writes.operationField().isEmpty()) {
            JsonNode node = json;
            for (String part : writes.operationField().split("\\.")) {
                node = node.path(part);
            }
            if (node.isValueNode() && !node.isNull()) {
                return IcebergChanges.Operation.of(node.asText());
            }
        }
        return IcebergChanges.Operation.of(writes.defaultOperation());
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
        // AWS: "Firehose will write data with insert if table specific configuration is not provided here."
        return new DestinationTable(database, table, "");
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

    /**
     * The error envelopes of one prefix as one object, {@code prefix + key}. AWS: a DestinationTableConfiguration's
     * S3ErrorOutputPrefix is "the table specific S3 error output prefix. All the errors that occurred while
     * delivering to this table will be prefixed with this value".
     */
    private void writeErrors(String prefix, String key, List<ObjectNode> failed) {
        try {
            Path lines = Files.createTempFile("iceberg-failed", ".json");
            try {
                StringBuilder text = new StringBuilder();
                failed.forEach(f -> text.append(f).append('\n'));
                Files.writeString(lines, text);
                // Named after the buffer, so a replay writes the same object again rather than a second one.
                errors.put(errorBucket, prefix + key, lines, Optional.empty());
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
                prefix + key);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
