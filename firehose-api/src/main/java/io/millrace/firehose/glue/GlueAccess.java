package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The permissions each Glue Data Catalog call needs. Glue checks the action on every level of the catalog's
 * hierarchy the call touches (AWS Glue developer guide, "Specifying AWS Glue resource ARNs": the catalog
 * {@code arn:aws:glue:REGION:ACCOUNT:catalog}, the database {@code ...:database/DB}, the table
 * {@code ...:table/DB/TABLE}), so each call needs {@code glue:<Action>} on each of them: GetTable on the catalog,
 * the database and the table; GetDatabases on the catalog and every database; GetTables and DeleteDatabase on every
 * table of the database as well (DeleteDatabase on its functions too). The catalog is the account's, or the one
 * CatalogId names.
 */
public final class GlueAccess implements AccessResolver {

    private static final String PREFIX = "glue:";
    /** Actions on the catalog, a database or a table named by Name or TableInput. */
    private static final Set<String> ON_NAMES = Set.of(
            "CreateDatabase",
            "GetDatabase",
            "GetDatabases",
            "UpdateDatabase",
            "DeleteDatabase",
            "CreateTable",
            "GetTable",
            "GetTables",
            "UpdateTable",
            "DeleteTable",
            "BatchDeleteTable",
            "SearchTables");
    /** Actions on one table that name it by TableName (partitions, versions, statistics act on their table). */
    private static final Set<String> ON_TABLE_NAME = Set.of(
            "GetTableVersion",
            "GetTableVersions",
            "DeleteTableVersion",
            "BatchDeleteTableVersion",
            "CreatePartition",
            "GetPartition",
            "GetPartitions",
            "UpdatePartition",
            "DeletePartition",
            "BatchCreatePartition",
            "BatchGetPartition",
            "BatchUpdatePartition",
            "BatchDeletePartition",
            "UpdateColumnStatisticsForTable",
            "GetColumnStatisticsForTable",
            "DeleteColumnStatisticsForTable",
            "UpdateColumnStatisticsForPartition",
            "GetColumnStatisticsForPartition",
            "DeleteColumnStatisticsForPartition");
    /** Tagging is checked on the resource the ARN names. */
    private static final Set<String> ON_RESOURCE_ARN = Set.of("TagResource", "UntagResource", "GetTags");

    private static final Set<String> ACTIONS = union(ON_NAMES, ON_TABLE_NAME, ON_RESOURCE_ARN);

    /** Every action this resolver names the resources of; the others fall back to {@code *}. */
    public static Set<String> mappedActions() {
        return ACTIONS;
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        if (!ACTIONS.contains(request.action())) {
            return null;
        }
        JsonNode body = request.body();
        String action = PREFIX + request.action();
        if (ON_RESOURCE_ARN.contains(request.action())) {
            String arn = Fields.text(body, "ResourceArn");
            return List.of(AccessRequest.of(action, arn != null ? arn : "*"));
        }
        String catalogId = Fields.text(body, "CatalogId");
        String base =
                "arn:aws:glue:" + request.region() + ":" + (catalogId != null ? catalogId : request.accountId()) + ":";
        List<String> resources = new ArrayList<>(4);
        resources.add(base + "catalog");
        switch (request.action()) {
            case "GetDatabases" -> resources.add(base + "database/*");
            case "CreateDatabase" -> database(resources, base, Fields.text(nested(body, "DatabaseInput"), "Name"));
            case "GetDatabase", "UpdateDatabase" -> database(resources, base, Fields.text(body, "Name"));
            case "SearchTables" -> {
                resources.add(base + "database/*");
                resources.add(base + "table/*/*");
            }
            case "BatchDeleteTable" -> {
                String database = Fields.text(body, "DatabaseName");
                JsonNode tables = body.get("TablesToDelete");
                if (database(resources, base, database) && tables != null && tables.isArray()) {
                    tables.forEach(t -> resources.add(base + "table/" + database + "/" + t.asText()));
                }
            }
            case "DeleteDatabase" -> {
                String database = Fields.text(body, "Name");
                if (database(resources, base, database)) {
                    resources.add(base + "table/" + database + "/*");
                    resources.add(base + "userDefinedFunction/" + database + "/*");
                }
            }
            case "GetTables" -> {
                String database = Fields.text(body, "DatabaseName");
                if (database(resources, base, database)) {
                    resources.add(base + "table/" + database + "/*");
                }
            }
            case "CreateTable", "UpdateTable" ->
                table(
                        resources,
                        base,
                        Fields.text(body, "DatabaseName"),
                        Fields.text(nested(body, "TableInput"), "Name"));
            default ->
                table(
                        resources,
                        base,
                        Fields.text(body, "DatabaseName"),
                        Fields.text(body, ON_TABLE_NAME.contains(request.action()) ? "TableName" : "Name"));
        }
        return resources.stream().map(arn -> AccessRequest.of(action, arn)).toList();
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /** Adds the database's ARN when the request names it. */
    private static boolean database(List<String> resources, String base, String database) {
        if (database == null) {
            return false;
        }
        resources.add(base + "database/" + database);
        return true;
    }

    private static void table(List<String> resources, String base, String database, String table) {
        if (database(resources, base, database) && table != null) {
            resources.add(base + "table/" + database + "/" + table);
        }
    }

    /** The member object, or an empty one when absent, so a missing input names no resource. */
    private static JsonNode nested(JsonNode body, String member) {
        JsonNode node = Fields.object(body, member);
        return node != null ? node : WireCodec.object();
    }
}
