package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.conversion.HiveType;
import io.millrace.gateway.protocol.AwsService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Glue Data Catalog of the platform: its API for the gateway ({@link #api()}) and the tables Firehose reads a
 * conversion schema from ({@link CatalogTables}). Start it with the gateway's Kafka client properties.
 */
public final class GlueCatalog implements CatalogTables, AutoCloseable {

    private final GlueCatalogStore store;
    private final AwsService api;

    private GlueCatalog(GlueCatalogStore store) {
        this.store = store;
        this.api = GlueApi.actions(store);
    }

    public static GlueCatalog start(Map<String, Object> kafkaClientProps, Admin admin, String topic, Duration timeout)
            throws Exception {
        GlueCatalogStore store = new GlueCatalogStore(kafkaClientProps, admin, topic);
        try {
            store.start(timeout);
        } catch (Exception | Error e) {
            store.close();
            throw e;
        }
        return new GlueCatalog(store);
    }

    public AwsService api() {
        return api;
    }

    @Override
    public Optional<Table> table(String catalogId, String database, String table, String versionId) {
        Optional<ObjectNode> found =
                store.get(GlueEntityFormat.tableKey(GlueShapes.folded(database), GlueShapes.folded(table)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode t = found.get();
        String version = t.path("VersionId").asText("1");
        if (versionId != null && !"LATEST".equals(versionId) && !versionId.equals(version)) {
            // An older version: the one UpdateTable archived, if it did.
            Optional<ObjectNode> archived = archived(database, table, versionId);
            if (archived.isEmpty()) {
                return Optional.empty();
            }
            t = archived.get();
            version = versionId;
        }
        List<HiveType.Field> columns = new ArrayList<>();
        for (JsonNode column : t.path("StorageDescriptor").path("Columns")) {
            String name = column.path("Name").asText();
            String type = column.path("Type").asText("");
            try {
                columns.add(new HiveType.Field(name, HiveType.parse(type)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + name + " of type '" + type + "': " + e.getMessage());
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("the table has no columns (StorageDescriptor.Columns)");
        }
        return Optional.of(new Table(t.path("CatalogId").asText(""), version, HiveType.struct(columns)));
    }

    @Override
    public Optional<List<String>> partitionKeys(String catalogId, String database, String table) {
        return store.get(GlueEntityFormat.tableKey(GlueShapes.folded(database), GlueShapes.folded(table)))
                .map(t -> {
                    List<String> names = new ArrayList<>();
                    t.path("PartitionKeys")
                            .forEach(key -> names.add(key.path("Name").asText()));
                    return names;
                });
    }

    private Optional<ObjectNode> archived(String database, String table, String versionId) {
        try {
            return store.get(GlueEntityFormat.tableVersionKey(
                    GlueShapes.folded(database), GlueShapes.folded(table), Long.parseLong(versionId)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
