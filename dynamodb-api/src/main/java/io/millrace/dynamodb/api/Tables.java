package io.millrace.dynamodb.api;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.store.TableStore;
import io.millrace.schemas.dynamodb.TableMetadata;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds a request's table. A table another gateway has just created may not be in this gateway's view yet: a name
 * not found is looked up again after a sync with the log, so that a client sees its own CreateTable everywhere.
 */
final class Tables {

    private final TableStore store;

    Tables(TableStore store) {
        this.store = store;
    }

    TableStore store() {
        return store;
    }

    CompletableFuture<TableDefinition> require(String name) {
        return find(name)
                .thenApply(found -> found.map(TableDefinition::of).orElseThrow(DynamoDbErrors::resourceNotFound));
    }

    CompletableFuture<Optional<TableMetadata>> find(String name) {
        Optional<TableMetadata> table = store.table(name);
        if (table.isPresent()) {
            return CompletableFuture.completedFuture(table);
        }
        return store.sync().thenApply(synced -> store.table(name));
    }
}
