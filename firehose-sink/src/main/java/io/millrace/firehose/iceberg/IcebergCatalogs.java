package io.millrace.firehose.iceberg;

import io.millrace.firehose.config.IcebergSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;

/**
 * Iceberg's own GlueCatalog, pointed at the configured Glue endpoint (the platform's Glue subset), with S3FileIO on
 * the configured S3 store: the Iceberg Java library commits exactly as it does against AWS Glue.
 */
public final class IcebergCatalogs {

    private IcebergCatalogs() {}

    /** The catalog properties for {@code settings}, as Iceberg's AWS module names them. */
    public static Map<String, String> properties(IcebergSettings settings) {
        Map<String, String> p = new HashMap<>();
        p.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
        if (!settings.warehouse().isEmpty()) {
            p.put(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse());
        }
        if (!settings.glueEndpoint().isEmpty()) {
            p.put("glue.endpoint", settings.glueEndpoint());
        }
        if (!settings.catalogId().isEmpty()) {
            p.put("glue.id", settings.catalogId());
        }
        if (!settings.s3Endpoint().isEmpty()) {
            p.put("s3.endpoint", settings.s3Endpoint());
        }
        p.put("s3.path-style-access", Boolean.toString(settings.pathStyleAccess()));
        if (!settings.accessKeyId().isEmpty()) {
            p.put("s3.access-key-id", settings.accessKeyId());
            p.put("s3.secret-access-key", settings.secretAccessKey());
        }
        p.put("client.region", settings.region());
        p.put("client.credentials-provider", IcebergCredentials.class.getName());
        p.put("client.credentials-provider." + IcebergCredentials.ACCESS_KEY_ID, settings.accessKeyId());
        p.put("client.credentials-provider." + IcebergCredentials.SECRET_ACCESS_KEY, settings.secretAccessKey());
        // The SDK's URL connection client: the plugin carries no second HTTP stack for Iceberg's clients.
        p.put("http-client.type", "urlconnection");
        return p;
    }

    public static GlueCatalog open(String name, IcebergSettings settings) {
        GlueCatalog catalog = new GlueCatalog();
        catalog.initialize(name, properties(settings));
        return catalog;
    }
}
