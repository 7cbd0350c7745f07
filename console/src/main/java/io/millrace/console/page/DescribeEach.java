package io.millrace.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A list action's names, then the describe action on each, side by side: what a listing page shows. */
record DescribeEach(String api, String describeAction, String nameMember, String descriptionMember) {

    /** The descriptions of the names in {@code listed}'s {@code namesMember}, in order. */
    CompletionStage<List<JsonNode>> of(Caller caller, JsonNode listed, String namesMember) {
        List<CompletableFuture<JsonNode>> described = new ArrayList<>();
        for (JsonNode name : listed.path(namesMember)) {
            described.add(caller.call(api, describeAction, in -> in.put(nameMember, name.asText()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(described.toArray(CompletableFuture[]::new))
                .thenApply(done -> described.stream()
                        .map(f -> f.join().path(descriptionMember))
                        .toList());
    }
}
