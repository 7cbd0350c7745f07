package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/** TagDeliveryStream, UntagDeliveryStream and ListTagsForDeliveryStream, with AWS's limits. */
final class TagActions {

    /** Tag constraints of the botocore model: key 1 to 128 characters, not starting with aws:, value 0 to 256. */
    private static final Pattern KEY = Pattern.compile("^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");

    private static final Pattern VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$");
    /** A delivery stream has at most 50 tags (AWS's limit); each call adds or removes at most 50. */
    static final int MAX_TAGS = 50;

    private final DeliveryStreamStore store;

    TagActions(DeliveryStreamStore store) {
        this.store = store;
    }

    /** Reads a Tag list ({@code [{"Key", "Value"}]}); null when absent and not required. */
    static Map<String, String> parseTags(JsonNode list, String path, Validation validation, boolean required) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (list == null) {
            if (required) {
                validation.required(path, null);
            }
            return tags;
        }
        validation.size(path, list.size(), 1, MAX_TAGS, "[" + list.size() + " tags]");
        for (int i = 0; i < list.size(); i++) {
            JsonNode tag = list.get(i);
            if (!tag.isObject()) {
                throw ApiException.serialization("Member " + path + " must be a list of structures");
            }
            String key = Fields.text(tag, "Key");
            String value = Fields.text(tag, "Value");
            String at = path + "." + (i + 1) + ".member";
            validation
                    .required(at + ".key", key)
                    .length(at + ".key", key, 1, 128)
                    .pattern(at + ".key", key, KEY)
                    .length(at + ".value", value, 0, 256)
                    .pattern(at + ".value", value, VALUE);
            if (key != null) {
                tags.put(key, value == null ? "" : value);
            }
        }
        return tags;
    }

    CompletionStage<JsonNode> tag(AwsRequest request) {
        String name = Fields.text(request.body(), "DeliveryStreamName");
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name);
        Map<String, String> added = parseTags(Fields.array(request.body(), "Tags"), "tags", validation, true);
        validation.throwIfInvalid();
        return change(request, name, current -> {
            Map<String, String> next = new TreeMap<>(current);
            next.putAll(added);
            if (next.size() > MAX_TAGS) {
                throw FirehoseErrors.limitExceeded("A delivery stream can have at most " + MAX_TAGS + " tags; this "
                        + "request would leave " + next.size() + ".");
            }
            return next;
        });
    }

    CompletionStage<JsonNode> untag(AwsRequest request) {
        String name = Fields.text(request.body(), "DeliveryStreamName");
        JsonNode keys = Fields.array(request.body(), "TagKeys");
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .required("tagKeys", keys);
        List<String> removed = new ArrayList<>();
        if (keys != null) {
            validation.size("tagKeys", keys.size(), 1, MAX_TAGS, "[" + keys.size() + " keys]");
            for (int i = 0; i < keys.size(); i++) {
                JsonNode key = keys.get(i);
                if (!key.isTextual()) {
                    throw ApiException.serialization("Member tagKeys must be a list of strings");
                }
                String at = "tagKeys." + (i + 1) + ".member";
                validation.length(at, key.textValue(), 1, 128).pattern(at, key.textValue(), KEY);
                removed.add(key.textValue());
            }
        }
        validation.throwIfInvalid();
        return change(request, name, current -> {
            Map<String, String> next = new TreeMap<>(current);
            removed.forEach(next::remove);
            return next;
        });
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        String start = Fields.text(body, "ExclusiveStartTagKey");
        Integer limit = Fields.integer(body, "Limit");
        DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .length("exclusiveStartTagKey", start, 1, 128)
                .range("limit", limit, 1, MAX_TAGS)
                .throwIfInvalid();
        DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
        int max = limit == null ? MAX_TAGS : limit;
        ArrayNode tags = WireCodec.object().arrayNode();
        boolean more = false;
        for (Map.Entry<String, String> tag : new TreeMap<>(stream.getTags()).entrySet()) {
            if (start != null && tag.getKey().compareTo(start) <= 0) {
                continue;
            }
            if (tags.size() == max) {
                more = true;
                break;
            }
            tags.addObject().put("Key", tag.getKey()).put("Value", tag.getValue());
        }
        ObjectNode response = WireCodec.object();
        response.set("Tags", tags);
        response.put("HasMoreTags", more);
        return response;
    }

    private CompletionStage<JsonNode> change(
            AwsRequest request, String name, java.util.function.UnaryOperator<Map<String, String>> edit) {
        return store.sync()
                .thenCompose(ignored -> {
                    DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
                    if (stream.getStatus() == DeliveryStreamStatus.DELETING) {
                        throw FirehoseErrors.resourceInUse("Firehose " + name + " is being deleted.");
                    }
                    return store.update(
                            name,
                            stream.getIncarnation(),
                            s -> DeliveryStreamMetadata.newBuilder(s)
                                    .setTags(Map.copyOf(edit.apply(s.getTags())))
                                    .build());
                })
                .thenApply(updated -> {
                    if (updated == null) {
                        throw DeliveryStreams.notFound(request, name);
                    }
                    return WireCodec.object();
                });
    }
}
