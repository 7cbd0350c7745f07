package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** TagResource, UntagResource and ListTagsForResource on an application's ARN. */
final class TagActions {

    // AWS's quota: 50 user-defined tags per application.
    static final int MAX_TAGS = 50;

    private final ApplicationStore store;

    TagActions(ApplicationStore store) {
        this.store = store;
    }

    CompletionStage<JsonNode> tag(AwsRequest request) {
        ApplicationMetadata app = byArn(request.body());
        Map<String, String> added = ApplicationRequests.tags(request.body());
        ApplicationRequests.check(new Validation().required("tags", Fields.array(request.body(), "Tags")));
        return change(app, tags -> {
            tags.putAll(added);
            if (tags.size() > MAX_TAGS) {
                throw ApplicationErrors.tooManyTags("Application " + app.getName() + " would have " + tags.size()
                        + " tags, more than the maximum of " + MAX_TAGS + ".");
            }
        });
    }

    CompletionStage<JsonNode> untag(AwsRequest request) {
        ApplicationMetadata app = byArn(request.body());
        JsonNode keys = Fields.array(request.body(), "TagKeys");
        ApplicationRequests.check(new Validation().required("tagKeys", keys));
        List<String> removed = new ArrayList<>();
        keys.forEach(key -> removed.add(key.asText()));
        return change(app, tags -> removed.forEach(tags::remove));
    }

    JsonNode list(AwsRequest request) {
        ApplicationMetadata app = byArn(request.body());
        ObjectNode response = ApplicationShapes.JSON.createObjectNode();
        ArrayNode tags = response.putArray("Tags");
        app.getTags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        return response;
    }

    private CompletionStage<JsonNode> change(ApplicationMetadata app, Consumer<Map<String, String>> change) {
        return store.update(app.getName(), app.getIncarnation(), m -> {
                    Map<String, String> tags = new LinkedHashMap<>(m.getTags());
                    change.accept(tags);
                    m.setTags(tags);
                    return m;
                })
                .thenApply(updated -> {
                    if (updated == null) {
                        throw ApplicationErrors.notFound(app.getName());
                    }
                    return (JsonNode) ApplicationShapes.JSON.createObjectNode();
                });
    }

    private ApplicationMetadata byArn(JsonNode body) {
        String arn = Fields.text(body, "ResourceARN");
        ApplicationRequests.check(new Validation().required("resourceARN", arn).length("resourceARN", arn, 1, 2048));
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        return store.application(name)
                .filter(app -> app.getArn().equals(arn))
                .orElseThrow(() -> ApplicationErrors.resourceNotFound("Resource " + arn + " not found."));
    }
}
