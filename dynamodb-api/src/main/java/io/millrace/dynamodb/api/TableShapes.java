package io.millrace.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.dynamodb.TableMetadata;
import java.time.Instant;
import java.util.Map;

/** The shapes of the table actions' answers: TableDescription, tags, time to live, continuous backups. */
final class TableShapes {

    /** Members of the stored definition that DescribeTable does not show as they are. */
    static final String TIME_TO_LIVE = "TimeToLiveDescription";

    private TableShapes() {}

    /** DescribeTable's TableDescription, with {@code status} as the action answering reports it. */
    static ObjectNode description(TableMetadata table, String status, long itemCount, long sizeBytes) {
        ObjectNode definition = TableDefinition.parse(table.getDefinition());
        ObjectNode description = WireCodec.object();
        description.set("AttributeDefinitions", definition.path("AttributeDefinitions"));
        description.put("TableName", table.getName());
        description.set("KeySchema", definition.path("KeySchema"));
        description.put("TableStatus", status);
        description.putPOJO("CreationDateTime", Instant.ofEpochMilli(table.getCreatedAtMillis()));
        description.set("ProvisionedThroughput", throughput(definition.path("ProvisionedThroughput")));
        description.put("TableSizeBytes", sizeBytes);
        description.put("ItemCount", itemCount);
        description.put("TableArn", table.getArn());
        description.put("TableId", table.getTableId());
        ObjectNode billing = description.putObject("BillingModeSummary");
        billing.put("BillingMode", definition.path("BillingMode").asText("PROVISIONED"));
        billing.putPOJO("LastUpdateToPayPerRequestDateTime", Instant.ofEpochMilli(table.getCreatedAtMillis()));
        for (String kind : new String[] {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
            if (definition.path(kind).isEmpty()) {
                continue;
            }
            ArrayNode indexes = description.putArray(kind);
            for (JsonNode index : definition.path(kind)) {
                ObjectNode shown = indexes.addObject();
                shown.put("IndexName", index.path("IndexName").asText());
                shown.set("KeySchema", index.path("KeySchema"));
                shown.set("Projection", index.path("Projection"));
                if (kind.startsWith("Global")) {
                    shown.put("IndexStatus", "ACTIVE");
                    shown.set("ProvisionedThroughput", throughput(index.path("ProvisionedThroughput")));
                }
                shown.put("IndexSizeBytes", 0);
                shown.put("ItemCount", 0);
                shown.put(
                        "IndexArn",
                        table.getArn() + "/index/" + index.path("IndexName").asText());
            }
        }
        if (definition.has("StreamSpecification")) {
            description.set("StreamSpecification", definition.get("StreamSpecification"));
        }
        if (definition.has("TableClass")) {
            description
                    .putObject("TableClassSummary")
                    .put("TableClass", definition.path("TableClass").asText());
        }
        description.put("DeletionProtectionEnabled", table.getDeletionProtection());
        return description;
    }

    private static ObjectNode throughput(JsonNode configured) {
        ObjectNode throughput = WireCodec.object();
        throughput.put("NumberOfDecreasesToday", 0);
        throughput.put("ReadCapacityUnits", configured.path("ReadCapacityUnits").asLong(0));
        throughput.put(
                "WriteCapacityUnits", configured.path("WriteCapacityUnits").asLong(0));
        return throughput;
    }

    static ObjectNode tags(Map<String, String> tags) {
        ObjectNode response = WireCodec.object();
        ArrayNode list = response.putArray("Tags");
        tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
        return response;
    }

    static ObjectNode timeToLive(TableMetadata table) {
        JsonNode stored = TableDefinition.parse(table.getDefinition()).path(TIME_TO_LIVE);
        ObjectNode response = WireCodec.object();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        if (stored.isObject()) {
            description.setAll((ObjectNode) stored);
        } else {
            description.put("TimeToLiveStatus", "DISABLED");
        }
        return response;
    }

    static ObjectNode continuousBackups(TableMetadata table) {
        ObjectNode response = WireCodec.object();
        ObjectNode description = response.putObject("ContinuousBackupsDescription");
        description.put("ContinuousBackupsStatus", "ENABLED");
        description
                .putObject("PointInTimeRecoveryDescription")
                .put("PointInTimeRecoveryStatus", table.getPointInTimeRecovery() ? "ENABLED" : "DISABLED");
        return response;
    }
}
