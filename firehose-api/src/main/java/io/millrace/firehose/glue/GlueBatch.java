package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Glue's batch calls (BatchDeleteTable, BatchCreatePartition, ...): each entry succeeds or fails on its own, and
 * the answer lists the failed ones under {@code Errors}, each with AWS's ErrorDetail.
 */
final class GlueBatch {

    private GlueBatch() {}

    /**
     * Runs {@code step} on every entry (a step that refuses at once counts as that entry's failure) and answers with
     * {@code Errors}: the entry {@code error} makes of each failed one and its cause.
     */
    static <T> CompletableFuture<JsonNode> errors(
            List<T> entries, Function<T, CompletableFuture<Void>> step, BiFunction<T, Throwable, ObjectNode> error) {
        List<CompletableFuture<ObjectNode>> outcomes = new ArrayList<>();
        for (T entry : entries) {
            CompletableFuture<Void> done;
            try {
                done = step.apply(entry);
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e);
            }
            outcomes.add(done.handle((ok, failure) -> failure == null ? null : error.apply(entry, failure)));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    ObjectNode response = WireCodec.object();
                    ArrayNode errors = response.putArray("Errors");
                    outcomes.stream()
                            .map(CompletableFuture::join)
                            .filter(Objects::nonNull)
                            .forEach(errors::add);
                    return response;
                });
    }
}
