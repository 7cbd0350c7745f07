package io.millrace.analytics.catalog;

import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;

/**
 * Lists the live Millrace streams (from the metadata topic) as tables of the default database, so
 * {@code SELECT * FROM millrace.`default`.orders} needs no DDL. Views, functions and DDL tables created in the
 * catalog live in memory for the session; streams themselves are created and deleted through the Kinesis API.
 */
public final class MillraceCatalog extends GenericInMemoryCatalog {

    /** Planning one statement looks a table up many times; one read of the metadata topic serves them all. */
    private static final long CACHE_MILLIS = 2_000;

    private final StreamMetadataReader reader;
    private final StreamTables tables;
    private Map<String, StreamMetadata> cached;
    private long cachedAtMillis;

    public MillraceCatalog(String name, String defaultDatabase, StreamMetadataReader reader, StreamTables tables) {
        super(name, defaultDatabase);
        this.reader = reader;
        this.tables = tables;
    }

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        TreeSet<String> names = new TreeSet<>(super.listTables(databaseName));
        if (isStreamDatabase(databaseName)) {
            names.addAll(streams().keySet());
        }
        return new ArrayList<>(names);
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (super.tableExists(path)) {
            return super.getTable(path);
        }
        return stream(path).map(tables::of).orElseThrow(() -> new TableNotExistException(getName(), path));
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return super.tableExists(path) || stream(path).isPresent();
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists) throws TableNotExistException {
        if (!super.tableExists(path) && stream(path).isPresent()) {
            throw new CatalogException("Stream " + path.getObjectName() + " is deleted through DeleteStream, not DROP");
        }
        super.dropTable(path, ignoreIfNotExists);
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!super.tableExists(path) && stream(path).isPresent()) {
            throw new CatalogException(
                    "Stream " + path.getObjectName() + " has a fixed schema in the catalog; declare a "
                            + "table with 'connector' = 'millrace' for typed columns");
        }
        super.alterTable(path, newTable, ignoreIfNotExists);
    }

    private boolean isStreamDatabase(String databaseName) {
        return getDefaultDatabase().equals(databaseName);
    }

    private Optional<StreamMetadata> stream(ObjectPath path) {
        if (!isStreamDatabase(path.getDatabaseName())) {
            return Optional.empty();
        }
        return Optional.ofNullable(streams().get(path.getObjectName()));
    }

    private synchronized Map<String, StreamMetadata> streams() {
        long now = System.currentTimeMillis();
        if (cached != null && now - cachedAtMillis < CACHE_MILLIS) {
            return cached;
        }
        try {
            cached = reader.readAll();
            cachedAtMillis = now;
            return cached;
        } catch (RuntimeException e) {
            throw new CatalogException("cannot read the Millrace stream metadata: " + e.getMessage(), e);
        }
    }
}
