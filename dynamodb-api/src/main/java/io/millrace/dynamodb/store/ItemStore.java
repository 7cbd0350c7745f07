package io.millrace.dynamodb.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.AttributeValues;
import io.millrace.gateway.store.RecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.dynamodb.ItemRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Items of every table, in the DynamoDB topic that every gateway tails: a write of an item is a compare-and-set on
 * its version, so the first conditional write in the log wins on every gateway, and a delete is a write too (the key
 * keeps a deleted record with its version). Reads answer from this gateway's view; a consistent read first syncs
 * the view with the log.
 */
public final class ItemStore {

    /** What a write of one item did: the item before and after (empty when absent or deleted). */
    public record Written(Optional<Map<String, AttributeValue>> before, Optional<Map<String, AttributeValue>> after) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static final RecordFormat<StoredItem> FORMAT = new RecordFormat<>() {
        @Override
        public boolean owns(String key) {
            return key.startsWith(ItemKeys.PREFIX);
        }

        @Override
        public ByteBuffer encode(StoredItem value) throws IOException {
            return ItemRecord.newBuilder()
                    .setTableId(value.tableId())
                    .setVersion(value.version())
                    .setDeleted(value.deleted())
                    .setItem(JSON.writeValueAsString(AttributeValues.toJson(value.item())))
                    .build()
                    .toByteBuffer();
        }

        @Override
        public StoredItem decode(ByteBuffer bytes) throws IOException {
            ItemRecord record = MetadataDecoders.item(bytes);
            return new StoredItem(
                    record.getTableId(),
                    record.getVersion(),
                    record.getDeleted(),
                    AttributeValues.item(JSON.readTree(record.getItem())));
        }

        @Override
        public long version(StoredItem value) {
            return value.version();
        }

        @Override
        public String incarnation(StoredItem value) {
            return value.tableId();
        }

        @Override
        public boolean fits(String key, StoredItem value) {
            return key.startsWith(ItemKeys.tablePrefix(value.tableId()));
        }
    };

    private final VersionedTopic topic;
    private final VersionedStore<StoredItem> items;

    public ItemStore(VersionedTopic topic) {
        this.topic = topic;
        this.items = topic.keySpace(FORMAT);
    }

    public Optional<Map<String, AttributeValue>> get(String key) {
        return items.get(key).filter(stored -> !stored.deleted()).map(StoredItem::item);
    }

    /** Live items whose key starts with {@code prefix}, in key order. */
    public Collection<StoredItem> withPrefix(String prefix) {
        return items.view().withPrefix(prefix).stream()
                .filter(stored -> !stored.deleted())
                .toList();
    }

    /**
     * Read-modify-write of one item: {@code change} gets the item (empty when absent) and returns the new one (empty
     * to delete it), or throws to refuse; it is applied again on a fresh item whenever a concurrent write won. A
     * deleted item keeps its key attributes ({@code keyAttributes}) and its version.
     */
    public CompletableFuture<Written> write(
            String key,
            String tableId,
            Map<String, AttributeValue> keyAttributes,
            Function<Optional<Map<String, AttributeValue>>, Optional<Map<String, AttributeValue>>> change) {
        AtomicReference<Written> outcome = new AtomicReference<>();
        return items.update(key, current -> {
                    boolean sameTable = current != null && current.tableId().equals(tableId);
                    Optional<Map<String, AttributeValue>> before =
                            sameTable && !current.deleted() ? Optional.of(current.item()) : Optional.empty();
                    Optional<Map<String, AttributeValue>> after = change.apply(before);
                    outcome.set(new Written(before, after));
                    if (before.isEmpty() && after.isEmpty()) {
                        return null;
                    }
                    return new StoredItem(
                            tableId,
                            sameTable ? current.version() + 1 : 1,
                            after.isEmpty(),
                            after.orElse(keyAttributes));
                })
                .thenApply(written -> outcome.get());
    }

    /**
     * Removes every item of a deleted table for good: tombstones naming its incarnation, keyed by {@code keyOf}
     * (the table's key schema), which a deleted item's record still carries.
     */
    public void removeTable(String tableId, Function<Map<String, AttributeValue>, String> keyOf) {
        for (StoredItem stored : List.copyOf(items.view().withPrefix(ItemKeys.tablePrefix(tableId)))) {
            items.remove(keyOf.apply(stored.item()), stored);
        }
    }

    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    public void repair() {
        items.repair();
    }
}
