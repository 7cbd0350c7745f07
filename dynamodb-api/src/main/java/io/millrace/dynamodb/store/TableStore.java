package io.millrace.dynamodb.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.dynamodb.TableMetadata;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Table metadata in the DynamoDB topic: key {@code table/<name>}, an Avro {@link TableMetadata} whose incarnation is
 * the table's id. A write is a compare-and-set that completes once this gateway has applied the log up to it.
 */
public final class TableStore {

    static final NamedRecordFormat<TableMetadata> FORMAT = new NamedRecordFormat<>(
            "table/",
            TableMetadata::toByteBuffer,
            MetadataDecoders::table,
            TableMetadata::getName,
            TableMetadata::getVersion,
            TableMetadata::getTableId);

    private final VersionedTopic topic;
    private final VersionedStore<TableMetadata> tables;

    public TableStore(VersionedTopic topic) {
        this.topic = topic;
        this.tables = topic.keySpace(FORMAT);
    }

    public Optional<TableMetadata> table(String name) {
        return tables.get(FORMAT.key(name));
    }

    /** In name order, as ListTables returns them. */
    public Collection<TableMetadata> tables() {
        return tables.values();
    }

    /**
     * Applies {@code change} to the current state (null when there is no table of that name) and writes the result
     * with the next version; {@code change} may throw to refuse, or return null to write nothing.
     */
    public CompletableFuture<TableMetadata> update(String name, UnaryOperator<TableMetadata> change) {
        return tables.update(FORMAT.key(name), current -> {
            TableMetadata next = change.apply(current);
            if (next == null) {
                return null;
            }
            return TableMetadata.newBuilder(next)
                    .setVersion(current == null ? 1 : current.getVersion() + 1)
                    .build();
        });
    }

    public CompletableFuture<Void> remove(TableMetadata current) {
        return tables.remove(FORMAT.key(current.getName()), current);
    }

    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    public void repair() {
        tables.repair();
    }
}
