package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.dynamodb.errors.DynamoDbErrors;
import io.millrace.dynamodb.item.AttributeValues;
import io.millrace.dynamodb.store.ItemKeys;
import io.millrace.dynamodb.store.ItemStore;
import io.millrace.dynamodb.store.StoredItem;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.dynamodb.TableMetadata;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and the table settings the KCL touches (tags,
 * time to live, continuous backups). A table is usable as soon as CreateTable answers: the answer says CREATING,
 * as AWS's does, and DescribeTable says ACTIVE from then on, so waiters and the KCL's polling see the states they
 * expect.
 */
final class TableActions {

    /** TableName: 3 to 255 of [a-zA-Z0-9_.-] (botocore model, TableName). */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");
    /** Per table: 20 global and 5 local secondary indexes (Developer Guide, "Service quotas"). */
    private static final int MAX_GSIS = 20;

    private static final int MAX_LSIS = 5;

    private final Tables tables;
    private final ItemStore items;

    TableActions(Tables tables, ItemStore items) {
        this.tables = tables;
        this.items = items;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = tableName(body);
        ObjectNode definition = definition(body);
        String arn = arn(request, name);
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("Tags")
                .forEach(tag ->
                        tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        TableMetadata created = TableMetadata.newBuilder()
                .setName(name)
                .setArn(arn)
                .setTableId(UUID.randomUUID().toString())
                .setVersion(1)
                .setStatus("ACTIVE")
                .setDefinition(definition.toString())
                .setCreatedAtMillis(request.receivedAt().toEpochMilli())
                .setTags(tags)
                .setDeletionProtection(body.path("DeletionProtectionEnabled").asBoolean(false))
                .build();
        return tables.store()
                .sync()
                .thenCompose(synced -> tables.store().update(name, current -> {
                    if (current != null) {
                        throw DynamoDbErrors.tableExists(name);
                    }
                    return created;
                }))
                .thenApply(table -> answer("TableDescription", TableShapes.description(table, "CREATING", 0, 0)));
    }

    CompletionStage<JsonNode> describe(AwsRequest request) {
        String name = tableName(request.body());
        return existing(name).thenApply(table -> answer("Table", describe(table, table.getStatus())));
    }

    private ObjectNode describe(TableMetadata table, String status) {
        Collection<StoredItem> stored = items.withPrefix(ItemKeys.tablePrefix(table.getTableId()));
        long size = stored.stream()
                .mapToLong(item -> AttributeValues.size(item.item()))
                .sum();
        return TableShapes.description(table, status, stored.size(), size);
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = tableName(request.body());
        return existing(name).thenCompose(table -> {
            if (table.getDeletionProtection()) {
                throw DynamoDbErrors.validation("Resource cannot be deleted as it is currently protected against"
                        + " deletion. Disable deletion protection first.");
            }
            ObjectNode description = describe(table, "DELETING");
            return tables.store().remove(table).thenApply(removed -> {
                KeySchema key = TableDefinition.of(table).key();
                items.removeTable(table.getTableId(), item -> key.itemKey(table.getTableId(), item));
                return answer("TableDescription", description);
            });
        });
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        int limit = body.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to"
                    + " satisfy constraint: Member must have value "
                    + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        String start = body.path("ExclusiveStartTableName").asText(null);
        ObjectNode response = WireCodec.object();
        ArrayNode names = response.putArray("TableNames");
        List<String> all = tables.store().tables().stream()
                .map(TableMetadata::getName)
                .filter(name -> start == null || name.compareTo(start) > 0)
                .toList();
        all.stream().limit(limit).forEach(names::add);
        if (all.size() > limit) {
            response.put("LastEvaluatedTableName", all.get(limit - 1));
        }
        return response;
    }

    CompletionStage<JsonNode> update(AwsRequest request) {
        JsonNode body = request.body();
        String name = tableName(body);
        return existing(name)
                .thenCompose(found -> tables.store().update(name, current -> {
                    if (current == null) {
                        throw DynamoDbErrors.tableNotFound(name);
                    }
                    ObjectNode definition = TableDefinition.parse(current.getDefinition());
                    boolean changed = false;
                    if (body.hasNonNull("AttributeDefinitions")) {
                        Map<String, JsonNode> merged = new LinkedHashMap<>();
                        definition
                                .path("AttributeDefinitions")
                                .forEach(a -> merged.put(a.path("AttributeName").asText(), a));
                        body.get("AttributeDefinitions")
                                .forEach(a -> merged.put(a.path("AttributeName").asText(), a));
                        ArrayNode attributes = definition.putArray("AttributeDefinitions");
                        merged.values().forEach(attributes::add);
                    }
                    if (body.hasNonNull("BillingMode")) {
                        definition.put("BillingMode", billingMode(body));
                        changed = true;
                    }
                    if (body.hasNonNull("ProvisionedThroughput")) {
                        definition.set("ProvisionedThroughput", body.get("ProvisionedThroughput"));
                        changed = true;
                    }
                    for (JsonNode indexUpdate : body.path("GlobalSecondaryIndexUpdates")) {
                        changed |= updateIndex(definition, indexUpdate);
                    }
                    if (body.hasNonNull("StreamSpecification")) {
                        definition.set("StreamSpecification", body.get("StreamSpecification"));
                        changed = true;
                    }
                    if (body.hasNonNull("TableClass")) {
                        definition.put("TableClass", body.get("TableClass").asText());
                        changed = true;
                    }
                    TableMetadata.Builder next = TableMetadata.newBuilder(current);
                    if (body.hasNonNull("DeletionProtectionEnabled")) {
                        next.setDeletionProtection(
                                body.get("DeletionProtectionEnabled").asBoolean());
                        changed = true;
                    }
                    if (!changed) {
                        throw DynamoDbErrors.validation("At least one of ProvisionedThroughput, BillingMode,"
                                + " UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or"
                                + " ReplicaUpdates is required");
                    }
                    checkAttributeDefinitions(definition);
                    return next.setDefinition(definition.toString()).build();
                }))
                .thenApply(table -> answer("TableDescription", describe(table, table.getStatus())));
    }

    private static boolean updateIndex(ObjectNode definition, JsonNode update) {
        ArrayNode indexes = definition.has("GlobalSecondaryIndexes")
                ? (ArrayNode) definition.get("GlobalSecondaryIndexes")
                : definition.putArray("GlobalSecondaryIndexes");
        if (update.hasNonNull("Create")) {
            JsonNode create = update.get("Create");
            String indexName = create.path("IndexName").asText();
            for (JsonNode index : indexes) {
                if (index.path("IndexName").asText().equals(indexName)) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Index already exists"
                            + " with name: " + indexName);
                }
            }
            if (indexes.size() >= MAX_GSIS) {
                throw DynamoDbErrors.validation("One or more parameter values were invalid: GlobalSecondaryIndex"
                        + " count exceeds the per-table limit of " + MAX_GSIS);
            }
            indexes.add(index(create));
            return true;
        }
        if (update.hasNonNull("Delete")) {
            String indexName = update.get("Delete").path("IndexName").asText();
            for (int i = 0; i < indexes.size(); i++) {
                if (indexes.get(i).path("IndexName").asText().equals(indexName)) {
                    indexes.remove(i);
                    return true;
                }
            }
            throw DynamoDbErrors.resourceNotFound("Requested resource not found: Index: " + indexName + " not found");
        }
        if (update.hasNonNull("Update")) {
            JsonNode change = update.get("Update");
            for (JsonNode index : indexes) {
                if (index.path("IndexName")
                        .asText()
                        .equals(change.path("IndexName").asText())) {
                    ((ObjectNode) index).set("ProvisionedThroughput", change.path("ProvisionedThroughput"));
                    return true;
                }
            }
            throw DynamoDbErrors.resourceNotFound("Requested resource not found: Index: "
                    + change.path("IndexName").asText() + " not found");
        }
        return false;
    }

    JsonNode describeLimits(AwsRequest request) {
        // AWS's default quotas (Developer Guide, "Service quotas"); Millrace enforces none of them.
        ObjectNode response = WireCodec.object();
        response.put("AccountMaxReadCapacityUnits", 80000);
        response.put("AccountMaxWriteCapacityUnits", 80000);
        response.put("TableMaxReadCapacityUnits", 40000);
        response.put("TableMaxWriteCapacityUnits", 40000);
        return response;
    }

    CompletionStage<JsonNode> describeTimeToLive(AwsRequest request) {
        return existing(tableName(request.body())).thenApply(TableShapes::timeToLive);
    }

    CompletionStage<JsonNode> updateTimeToLive(AwsRequest request) {
        JsonNode body = request.body();
        String name = tableName(body);
        JsonNode specification = body.path("TimeToLiveSpecification");
        if (!specification.hasNonNull("Enabled") || !specification.hasNonNull("AttributeName")) {
            throw DynamoDbErrors.validation("1 validation error detected: Value null at 'timeToLiveSpecification'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        boolean enabled = specification.get("Enabled").asBoolean();
        return changeTable(name, (current, definition) -> {
                    ObjectNode ttl = definition.putObject(TableShapes.TIME_TO_LIVE);
                    ttl.put("TimeToLiveStatus", enabled ? "ENABLED" : "DISABLED");
                    if (enabled) {
                        ttl.put(
                                "AttributeName",
                                specification.get("AttributeName").asText());
                    }
                    return TableMetadata.newBuilder(current).setDefinition(definition.toString());
                })
                .thenApply(table -> {
                    ObjectNode response = WireCodec.object();
                    response.set("TimeToLiveSpecification", specification);
                    return response;
                });
    }

    CompletionStage<JsonNode> describeContinuousBackups(AwsRequest request) {
        return existing(tableName(request.body())).thenApply(TableShapes::continuousBackups);
    }

    CompletionStage<JsonNode> updateContinuousBackups(AwsRequest request) {
        JsonNode body = request.body();
        boolean enabled = body.path("PointInTimeRecoverySpecification")
                .path("PointInTimeRecoveryEnabled")
                .asBoolean(false);
        return changeTable(
                        tableName(body),
                        (current, definition) ->
                                TableMetadata.newBuilder(current).setPointInTimeRecovery(enabled))
                .thenApply(TableShapes::continuousBackups);
    }

    CompletionStage<JsonNode> tagResource(AwsRequest request) {
        JsonNode body = request.body();
        return changeTable(tableOfArn(body), (current, definition) -> {
                    Map<String, String> tags = new LinkedHashMap<>(current.getTags());
                    body.path("Tags")
                            .forEach(tag -> tags.put(
                                    tag.path("Key").asText(), tag.path("Value").asText()));
                    // DynamoDB's limit: 50 tags per resource (Developer Guide, "Tagging restrictions").
                    if (tags.size() > 50) {
                        throw DynamoDbErrors.validation("One or more parameter values were invalid: The number of tags"
                                + " exceeds the limit of 50");
                    }
                    return TableMetadata.newBuilder(current).setTags(tags);
                })
                .thenApply(table -> WireCodec.object());
    }

    CompletionStage<JsonNode> untagResource(AwsRequest request) {
        JsonNode body = request.body();
        return changeTable(tableOfArn(body), (current, definition) -> {
                    Map<String, String> tags = new LinkedHashMap<>(current.getTags());
                    body.path("TagKeys").forEach(key -> tags.remove(key.asText()));
                    return TableMetadata.newBuilder(current).setTags(tags);
                })
                .thenApply(table -> WireCodec.object());
    }

    CompletionStage<JsonNode> listTagsOfResource(AwsRequest request) {
        String arn = request.body().path("ResourceArn").asText();
        return tables.find(tableOfArn(request.body()))
                .thenApply(found -> TableShapes.tags(
                        found.orElseThrow(() -> arnNotFound(arn)).getTags()));
    }

    private interface TableChange {
        TableMetadata.Builder apply(TableMetadata current, ObjectNode definition);
    }

    private CompletableFuture<TableMetadata> changeTable(String name, TableChange change) {
        return existing(name)
                .thenCompose(found -> tables.store().update(name, current -> {
                    if (current == null) {
                        throw DynamoDbErrors.tableNotFound(name);
                    }
                    return change.apply(current, TableDefinition.parse(current.getDefinition()))
                            .build();
                }));
    }

    private CompletableFuture<TableMetadata> existing(String name) {
        return tables.find(name).thenApply(found -> found.orElseThrow(() -> DynamoDbErrors.tableNotFound(name)));
    }

    private static String tableOfArn(JsonNode body) {
        String arn = body.path("ResourceArn").asText("");
        int slash = arn.indexOf(":table/");
        if (!arn.startsWith("arn:") || slash < 0) {
            throw DynamoDbErrors.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        String rest = arn.substring(slash + ":table/".length());
        int next = rest.indexOf('/');
        return next < 0 ? rest : rest.substring(0, next);
    }

    private static RuntimeException arnNotFound(String arn) {
        // AWS's wording, spelling included.
        return DynamoDbErrors.resourceNotFound("Requested resource not found: ResourcArn: " + arn + " not found");
    }

    static String arn(AwsRequest request, String table) {
        return "arn:aws:dynamodb:" + request.region() + ":" + request.accountId() + ":table/" + table;
    }

    static String tableName(JsonNode body) {
        JsonNode node = body.get("TableName");
        if (node == null || node.isNull()) {
            throw DynamoDbErrors.validation("1 validation error detected: Value null at 'tableName' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        String name = node.asText();
        // TableName: length 3 to 255, pattern [a-zA-Z0-9_.-]+ (botocore model).
        if (name.length() < 3
                || name.length() > 255
                || !TABLE_NAME.matcher(name).matches()) {
            String constraint = name.length() < 3
                    ? "Member must have length greater than or equal to 3"
                    : name.length() > 255
                            ? "Member must have length less than or equal to 255"
                            : "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed"
                    + " to satisfy constraint: " + constraint);
        }
        return name;
    }

    /** The stored definition of a CreateTable request, checked as DynamoDB checks it. */
    private static ObjectNode definition(JsonNode body) {
        ObjectNode definition = WireCodec.object();
        JsonNode keySchema = body.path("KeySchema");
        checkKeySchema(keySchema, null);
        definition.set("AttributeDefinitions", body.path("AttributeDefinitions"));
        definition.set("KeySchema", keySchema);
        String billingMode = billingMode(body);
        definition.put("BillingMode", billingMode);
        JsonNode throughput = body.get("ProvisionedThroughput");
        boolean hasThroughput = throughput != null && !throughput.isNull();
        if (billingMode.equals("PROVISIONED") && !hasThroughput) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: ReadCapacityUnits and"
                    + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billingMode.equals("PAY_PER_REQUEST") && hasThroughput) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Neither ReadCapacityUnits"
                    + " nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (hasThroughput) {
            definition.set("ProvisionedThroughput", throughput);
        }
        if (body.path("GlobalSecondaryIndexes").size() > MAX_GSIS) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: GlobalSecondaryIndex count"
                    + " exceeds the per-table limit of " + MAX_GSIS);
        }
        if (body.path("LocalSecondaryIndexes").size() > MAX_LSIS) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Number of"
                    + " LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSIS);
        }
        for (String kind : new String[] {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
            if (body.path(kind).isEmpty()) {
                continue;
            }
            ArrayNode indexes = definition.putArray(kind);
            Set<String> names = new HashSet<>();
            for (JsonNode index : body.get(kind)) {
                if (!names.add(index.path("IndexName").asText())) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Duplicate index name: "
                            + index.path("IndexName").asText());
                }
                indexes.add(index(index));
            }
        }
        if (body.hasNonNull("StreamSpecification")) {
            definition.set("StreamSpecification", body.get("StreamSpecification"));
        }
        if (body.hasNonNull("TableClass")) {
            definition.put("TableClass", body.get("TableClass").asText());
        }
        checkAttributeDefinitions(definition);
        return definition;
    }

    private static ObjectNode index(JsonNode index) {
        checkKeySchema(index.path("KeySchema"), index.path("IndexName").asText());
        ObjectNode stored = WireCodec.object();
        stored.put("IndexName", index.path("IndexName").asText());
        stored.set("KeySchema", index.path("KeySchema"));
        stored.set(
                "Projection",
                index.path("Projection").isObject()
                        ? index.get("Projection")
                        : WireCodec.object().put("ProjectionType", "ALL"));
        if (index.hasNonNull("ProvisionedThroughput")) {
            stored.set("ProvisionedThroughput", index.get("ProvisionedThroughput"));
        }
        return stored;
    }

    private static void checkKeySchema(JsonNode keySchema, String index) {
        boolean valid = keySchema.isArray()
                && keySchema.size() >= 1
                && keySchema.size() <= 2
                && "HASH".equals(keySchema.get(0).path("KeyType").asText())
                && (keySchema.size() == 1
                        || "RANGE".equals(keySchema.get(1).path("KeyType").asText()));
        if (!valid) {
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + keySchema + "' at '"
                    + (index == null ? "keySchema" : "globalSecondaryIndexes.member.keySchema")
                    + "' failed to satisfy constraint: Member must have a HASH key first, then an optional RANGE"
                    + " key");
        }
    }

    /** Every key attribute of the table and its indexes is defined, with a key type, and nothing else is. */
    private static void checkAttributeDefinitions(ObjectNode definition) {
        Map<String, String> defined = new LinkedHashMap<>();
        for (JsonNode attribute : definition.path("AttributeDefinitions")) {
            String type = attribute.path("AttributeType").asText();
            if (!KEY_TYPES.contains(type)) {
                throw DynamoDbErrors.validation("1 validation error detected: Value '" + type + "' at"
                        + " 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [B, N, S]");
            }
            defined.put(attribute.path("AttributeName").asText(), type);
        }
        Set<String> used = new java.util.LinkedHashSet<>();
        definition
                .path("KeySchema")
                .forEach(k -> used.add(k.path("AttributeName").asText()));
        for (String kind : new String[] {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
            for (JsonNode index : definition.path(kind)) {
                for (JsonNode k : index.path("KeySchema")) {
                    String attribute = k.path("AttributeName").asText();
                    if (!defined.containsKey(attribute)) {
                        throw DynamoDbErrors.validation("One or more parameter values were invalid: Some index key"
                                + " attributes are not defined in AttributeDefinitions. Keys: " + keysOf(index)
                                + ", AttributeDefinitions: " + defined.keySet());
                    }
                    used.add(attribute);
                }
            }
        }
        for (String attribute : used) {
            if (!defined.containsKey(attribute)) {
                throw DynamoDbErrors.validation("One or more parameter values were invalid: Some index key attributes"
                        + " are not defined in AttributeDefinitions. Keys: " + used + ", AttributeDefinitions: "
                        + defined.keySet());
            }
        }
        if (!used.containsAll(defined.keySet())) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Number of attributes in"
                    + " KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
    }

    private static List<String> keysOf(JsonNode index) {
        List<String> keys = new java.util.ArrayList<>();
        index.path("KeySchema").forEach(k -> keys.add(k.path("AttributeName").asText()));
        return keys;
    }

    private static String billingMode(JsonNode body) {
        String mode = body.path("BillingMode").asText("PROVISIONED");
        if (!mode.equals("PROVISIONED") && !mode.equals("PAY_PER_REQUEST")) {
            throw DynamoDbErrors.validation("1 validation error detected: Value '" + mode + "' at 'billingMode'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED,"
                    + " PAY_PER_REQUEST]");
        }
        return mode;
    }

    static ObjectNode answer(String member, JsonNode value) {
        ObjectNode response = WireCodec.object();
        response.set(member, value);
        return response;
    }
}
