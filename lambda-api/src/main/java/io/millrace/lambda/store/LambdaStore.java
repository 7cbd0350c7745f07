package io.millrace.lambda.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import io.millrace.schemas.lambda.FunctionRecord;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Functions and event source mappings in one compacted topic that every gateway tails, kept in memory: keys
 * {@code function/<name>} and {@code mapping/<uuid>}. A write is a compare-and-set on the record's version that
 * completes once this gateway has applied it.
 */
public final class LambdaStore {

    private final VersionedTopic topic;
    private final NamedRecordFormat<FunctionRecord> functionFormat = new NamedRecordFormat<>(
            "function/",
            FunctionRecord::toByteBuffer,
            MetadataDecoders::lambdaFunction,
            FunctionRecord::getName,
            FunctionRecord::getVersion,
            FunctionRecord::getIncarnation);
    private final NamedRecordFormat<EventSourceMappingRecord> mappingFormat = new NamedRecordFormat<>(
            "mapping/",
            EventSourceMappingRecord::toByteBuffer,
            MetadataDecoders::lambdaMapping,
            EventSourceMappingRecord::getUuid,
            EventSourceMappingRecord::getVersion,
            EventSourceMappingRecord::getUuid);
    private final VersionedStore<FunctionRecord> functions;
    private final VersionedStore<EventSourceMappingRecord> mappings;

    /** Adds the Lambda key spaces to {@code topic}; start the topic afterwards. */
    public LambdaStore(VersionedTopic topic) {
        this.topic = topic;
        this.functions = topic.keySpace(functionFormat);
        this.mappings = topic.keySpace(mappingFormat);
    }

    public Optional<FunctionRecord> function(String name) {
        return functions.get(functionFormat.key(name));
    }

    /** In name order. */
    public Collection<FunctionRecord> functions() {
        return functions.values();
    }

    public Optional<EventSourceMappingRecord> mapping(String uuid) {
        return mappings.get(mappingFormat.key(uuid));
    }

    /** In UUID order. */
    public Collection<EventSourceMappingRecord> mappings() {
        return mappings.values();
    }

    /**
     * Applies {@code change} to the function's current state (null when there is none) and writes the result with
     * the next version; {@code change} may throw to refuse.
     */
    public CompletableFuture<FunctionRecord> updateFunction(String name, UnaryOperator<FunctionRecord> change) {
        return functions.update(functionFormat.key(name), current -> {
            FunctionRecord next = change.apply(current);
            return next == null
                    ? null
                    : FunctionRecord.newBuilder(next)
                            .setVersion(current == null ? 1L : current.getVersion() + 1)
                            .build();
        });
    }

    public CompletableFuture<EventSourceMappingRecord> updateMapping(
            String uuid, UnaryOperator<EventSourceMappingRecord> change) {
        return mappings.update(mappingFormat.key(uuid), current -> {
            EventSourceMappingRecord next = change.apply(current);
            return next == null
                    ? null
                    : EventSourceMappingRecord.newBuilder(next)
                            .setVersion(current == null ? 1L : current.getVersion() + 1)
                            .build();
        });
    }

    public CompletableFuture<Void> removeFunction(FunctionRecord current) {
        return functions.remove(functionFormat.key(current.getName()), current);
    }

    public CompletableFuture<Void> removeMapping(EventSourceMappingRecord current) {
        return mappings.remove(mappingFormat.key(current.getUuid()), current);
    }

    /** Re-publishes records whose last write lost a compare-and-set, so that compaction keeps the winner. */
    public void repair() {
        functions.repair();
        mappings.repair();
    }

    public String topic() {
        return topic.topic();
    }
}
