package io.millrace.firehose.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.config.IcebergSettings;
import io.millrace.firehose.config.IcebergSettings.DestinationTable;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination tables as a buffer's records need them: loaded through the catalog; created from the records when
 * missing and TableCreationConfiguration is enabled (database too, format version 2 so updates and deletes can be
 * written, UniqueKeys as identifier fields, the PartitionSpec's identity columns); new fields added as optional
 * columns, or as optional fields of the struct columns they are under, when SchemaEvolutionConfiguration is enabled. Without creation a missing table makes its records
 * undeliverable (AWS: Firehose "throws an error and delivers data to S3 error bucket").
 */
final class IcebergTables {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergTables.class);

    /** AWS's Iceberg considerations: "Firehose supports 16 levels of nesting". */
    private static final int MAX_NESTING = 16;

    private final Catalog catalog;
    private final IcebergSettings.Writes writes;

    IcebergTables(Catalog catalog, IcebergSettings.Writes writes) {
        this.catalog = catalog;
        this.writes = writes;
    }

    /** The table {@code records} go to, created or evolved for them as configured. */
    Table prepare(DestinationTable destination, List<JsonNode> records) {
        TableIdentifier id = TableIdentifier.of(destination.database(), destination.table());
        Table table;
        try {
            table = catalog.loadTable(id);
        } catch (NoSuchTableException e) {
            if (!writes.createTables()) {
                throw new Undeliverable("Iceberg.NoSuchTable", "the table " + id + " does not exist");
            }
            table = create(id, destination, records);
        }
        if (writes.evolveSchema()) {
            evolve(table, records);
        }
        return table;
    }

    private Table create(TableIdentifier id, DestinationTable destination, List<JsonNode> records) {
        Schema schema;
        PartitionSpec spec;
        try {
            schema = IcebergSchemas.infer(records, destination.uniqueKeys());
            PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
            for (String column : destination.partitionColumns()) {
                Types.NestedField field = schema.caseInsensitiveFindField(column);
                if (field == null) {
                    throw new IllegalArgumentException(
                            "the partition column " + column + " has no value in the " + "records to infer it from");
                }
                builder.identity(field.name());
            }
            spec = builder.build();
        } catch (RuntimeException e) {
            throw new Undeliverable("Iceberg.TableCreationFailed", "cannot create " + id + ": " + e.getMessage());
        }
        if (catalog instanceof SupportsNamespaces namespaces) {
            Namespace namespace = Namespace.of(destination.database());
            if (!namespaces.namespaceExists(namespace)) {
                try {
                    namespaces.createNamespace(namespace);
                } catch (AlreadyExistsException raced) {
                    // Another task created it first: the same database.
                }
            }
        }
        try {
            Table table = catalog.createTable(id, schema, spec, Map.of(TableProperties.FORMAT_VERSION, "2"));
            LOG.info(
                    "Created Iceberg table {} with {} columns from its first records",
                    id,
                    schema.columns().size());
            return table;
        } catch (AlreadyExistsException raced) {
            return catalog.loadTable(id);
        }
    }

    /**
     * Adds the records' new fields, top-level columns and fields of struct columns at any depth, each pass on the
     * schema the previous one committed, so a struct added from one record gets the deeper fields other records
     * carry. AWS supports 16 levels of nesting: a struct one level deeper per pass, that many passes at most.
     */
    private static void evolve(Table table, List<JsonNode> records) {
        for (int pass = 0; pass < MAX_NESTING; pass++) {
            List<IcebergSchemas.NewField> added =
                    IcebergSchemas.newFields(table.schema().asStruct(), records);
            if (added.isEmpty()) {
                return;
            }
            UpdateSchema update = table.updateSchema();
            for (IcebergSchemas.NewField field : added) {
                if (field.parent() == null) {
                    update.addColumn(field.name(), field.type());
                } else {
                    update.addColumn(field.parent(), field.name(), field.type());
                }
            }
            update.commit();
            LOG.info(
                    "Added {} to Iceberg table {}",
                    added.stream()
                            .map(f -> f.parent() == null ? f.name() : f.parent() + "." + f.name())
                            .toList(),
                    table.name());
        }
    }
}
