package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;

/** The database and table a request names, validated as the model says, and looked up with Glue's errors. */
final class GlueEntities {

    private GlueEntities() {}

    /** DatabaseName (and CatalogId) of a request: NameString, 1 to 255 characters; folded to lower case. */
    static String database(JsonNode body) {
        String database = Fields.text(body, "DatabaseName");
        GlueShapes.throwIfInvalid(GlueShapes.name(
                GlueShapes.name(new Validation().required("databaseName", database), "databaseName", database),
                "catalogId",
                Fields.text(body, "CatalogId")));
        return GlueShapes.folded(database);
    }

    /** A NameString member naming a table (or column), required; folded to lower case. */
    static String name(JsonNode node, String member, String path) {
        String name = Fields.text(node, member);
        GlueShapes.throwIfInvalid(GlueShapes.name(new Validation().required(path, name), path, name));
        return GlueShapes.folded(name);
    }

    static ObjectNode requireDatabase(GlueCatalogStore store, String database) {
        return store.get(GlueEntityFormat.databaseKey(database))
                .orElseThrow(() -> GlueErrors.entityNotFound("Database " + database + " not found."));
    }

    static ObjectNode requireTable(GlueCatalogStore store, String database, String table) {
        requireDatabase(store, database);
        return store.get(GlueEntityFormat.tableKey(database, table))
                .orElseThrow(() -> GlueErrors.entityNotFound("Table " + table + " not found."));
    }
}
