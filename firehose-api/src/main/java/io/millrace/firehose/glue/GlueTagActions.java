package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource, GetTags on the catalog's databases and tables ({@code arn:aws:glue:REGION:ACCOUNT:
 * database/DB} and {@code ...:table/DB/TABLE}); CreateDatabase's Tags land here too. A resource's tags are one
 * entity, removed with the resource.
 */
final class GlueTagActions {

    /** GlueResourceArn: 1 to 10240 characters of this pattern (botocore glue/2017-03-31). */
    private static final Pattern ARN_PATTERN = Pattern.compile("arn:aws(-(cn|us-gov|iso(-[bef])?))?:glue:.*");

    private static final Pattern RESOURCE =
            Pattern.compile("(arn:[^:]+:glue:[^:]*:[^:]*:)(database/([^/]+)|table/([^/]+)/(.+))");
    /** TagsMap: at most 50 tags, the most a resource may carry; TagKey 1 to 128, TagValue 0 to 256 characters. */
    private static final int MAX_TAGS = 50;

    private final GlueCatalogStore store;

    GlueTagActions(GlueCatalogStore store) {
        this.store = store;
    }

    CompletionStage<JsonNode> tag(AwsRequest request) {
        JsonNode body = request.body();
        String arn = arn(body);
        JsonNode add = Fields.object(body, "TagsToAdd");
        GlueShapes.throwIfInvalid(new Validation().required("tagsToAdd", add));
        validateTags(add);
        return store.sync()
                .thenCompose(ignored -> {
                    String key = requireResource(arn);
                    return tag(key, add);
                })
                .thenApply(ignored -> WireCodec.object());
    }

    CompletionStage<JsonNode> untag(AwsRequest request) {
        JsonNode body = request.body();
        String arn = arn(body);
        JsonNode remove = Fields.array(body, "TagsToRemove");
        GlueShapes.throwIfInvalid(new Validation()
                .required("tagsToRemove", remove)
                .size("tagsToRemove", remove == null ? 0 : remove.size(), 0, MAX_TAGS, remove));
        return store.sync()
                .thenCompose(ignored -> {
                    String key = requireResource(arn);
                    return store.update(key, current -> {
                        if (current == null) {
                            return null;
                        }
                        ObjectNode tags = (ObjectNode) current.get("Tags");
                        remove.forEach(k -> tags.remove(k.asText()));
                        return current;
                    });
                })
                .thenApply(ignored -> WireCodec.object());
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        String arn = arn(request.body());
        return store.sync().thenApply(ignored -> {
            String key = requireResource(arn);
            ObjectNode response = WireCodec.object();
            response.set(
                    "Tags",
                    store.get(key).<JsonNode>map(t -> t.get("Tags").deepCopy()).orElse(WireCodec.object()));
            return response;
        });
    }

    /** Adds {@code tags} to the resource stored under {@code key} (CreateDatabase's Tags too). */
    CompletableFuture<ObjectNode> tag(String key, JsonNode tags) {
        return store.update(key, current -> {
            ObjectNode next = current != null ? current : WireCodec.object();
            ObjectNode all = next.get("Tags") instanceof ObjectNode t ? t : next.putObject("Tags");
            tags.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
            if (all.size() > MAX_TAGS) {
                throw GlueErrors.invalidInput("A resource can have at most " + MAX_TAGS + " tags.");
            }
            return next;
        });
    }

    static String databaseArn(AwsRequest request, String catalogId, String database) {
        return "arn:aws:glue:" + request.region() + ":" + catalogId + ":database/" + database;
    }

    /** TagsMap: at most 50; keys 1 to 128 characters, not starting with the reserved {@code aws:}. */
    static void validateTags(JsonNode tags) {
        Validation v = new Validation().size("tagsToAdd", tags.size(), 0, MAX_TAGS, tags);
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            v.length("tagsToAdd.key", tag.getKey(), 1, 128);
            if (!tag.getValue().isTextual()) {
                throw GlueErrors.invalidInput("Tag values must be strings.");
            }
            v.length("tagsToAdd.value", tag.getValue().textValue(), 0, 256);
        }
        GlueShapes.throwIfInvalid(v);
        tags.fieldNames().forEachRemaining(k -> {
            if (k.regionMatches(true, 0, "aws:", 0, 4)) {
                throw GlueErrors.invalidInput("Tag keys prefixed with aws: are reserved for AWS use.");
            }
        });
    }

    private static String arn(JsonNode body) {
        String arn = Fields.text(body, "ResourceArn");
        GlueShapes.throwIfInvalid(new Validation()
                .required("resourceArn", arn)
                .length("resourceArn", arn, 1, 10240)
                .pattern("resourceArn", arn, ARN_PATTERN));
        return arn;
    }

    /** The tags key of the database or table the ARN names (names folded), or EntityNotFoundException. */
    private String requireResource(String arn) {
        Matcher m = RESOURCE.matcher(arn);
        if (!m.matches()) {
            throw GlueErrors.entityNotFound("Resource " + arn + " not found: only databases and tables are tagged.");
        }
        String normalized;
        if (m.group(3) != null) {
            String database = GlueShapes.folded(m.group(3));
            GlueEntities.requireDatabase(store, database);
            normalized = m.group(1) + "database/" + database;
        } else {
            String database = GlueShapes.folded(m.group(4));
            String table = GlueShapes.folded(m.group(5));
            GlueEntities.requireTable(store, database, table);
            normalized = m.group(1) + "table/" + database + "/" + table;
        }
        return GlueEntityFormat.tagsKey(normalized);
    }
}
