package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.WireCodec;
import java.util.ArrayList;
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
    private static final Set<String> ACTIONS = Set.of(
            "CreateDatabase",
            "GetDatabase",
            "GetDatabases",
            "DeleteDatabase",
            "CreateTable",
            "GetTable",
            "GetTables",
            "UpdateTable",
            "DeleteTable");

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
        String catalogId = Fields.text(body, "CatalogId");
        String base =
                "arn:aws:glue:" + request.region() + ":" + (catalogId != null ? catalogId : request.accountId()) + ":";
        List<String> resources = new ArrayList<>(4);
        resources.add(base + "catalog");
        switch (request.action()) {
            case "GetDatabases" -> resources.add(base + "database/*");
            case "CreateDatabase" -> database(resources, base, Fields.text(nested(body, "DatabaseInput"), "Name"));
            case "GetDatabase" -> database(resources, base, Fields.text(body, "Name"));
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
            default -> table(resources, base, Fields.text(body, "DatabaseName"), Fields.text(body, "Name"));
        }
        String action = PREFIX + request.action();
        return resources.stream().map(arn -> AccessRequest.of(action, arn)).toList();
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
