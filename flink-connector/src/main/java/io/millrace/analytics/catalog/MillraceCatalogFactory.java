package io.millrace.analytics.catalog;

import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.analytics.table.MillraceOptions;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/** {@code CREATE CATALOG millrace WITH ('type' = 'millrace', 'bootstrap.servers' = '...')}. */
public final class MillraceCatalogFactory implements CatalogFactory {

    public static final String IDENTIFIER = "millrace";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                MillraceCatalogOptions.DEFAULT_DATABASE,
                MillraceCatalogOptions.BOOTSTRAP_SERVERS,
                MillraceCatalogOptions.TOPIC_PREFIX,
                MillraceCatalogOptions.METADATA_TOPIC,
                MillraceCatalogOptions.SCAN_STARTUP_MODE,
                MillraceCatalogOptions.WATERMARK_DELAY);
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper = FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String bootstrapServers = options.getOptional(MillraceCatalogOptions.BOOTSTRAP_SERVERS)
                .or(() -> context.getConfiguration().getOptional(MillraceOptions.SESSION_BOOTSTRAP_SERVERS))
                .orElseThrow(() -> new ValidationException("Millrace catalog " + context.getName()
                        + " needs 'bootstrap.servers' (or the session option '"
                        + MillraceOptions.SESSION_BOOTSTRAP_SERVERS.key() + "')"));
        String metadataTopic = options.get(MillraceCatalogOptions.METADATA_TOPIC);
        return new MillraceCatalog(
                context.getName(),
                options.get(MillraceCatalogOptions.DEFAULT_DATABASE),
                new StreamMetadataReader(bootstrapServers, Map.of(), metadataTopic),
                new StreamTables(
                        bootstrapServers,
                        options.get(MillraceCatalogOptions.TOPIC_PREFIX),
                        metadataTopic,
                        options.get(MillraceCatalogOptions.SCAN_STARTUP_MODE),
                        options.get(MillraceCatalogOptions.WATERMARK_DELAY)));
    }
}
