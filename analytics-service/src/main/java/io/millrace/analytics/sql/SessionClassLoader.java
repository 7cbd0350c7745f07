package io.millrace.analytics.sql;

import java.util.function.Supplier;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.util.TemporaryClassLoaderContext;

/**
 * Runs a session's statement with the session's user class loader (the one {@code ADD JAR} adds to) as the thread's
 * context class loader, as Flink's SQL gateway runs every operation of a session. Libraries that load classes by
 * name through the context class loader then find them in the jars the script added rather than in this process's
 * class path: Iceberg's Flink catalog loads its catalog implementation ({@code catalog-impl}, such as its
 * GlueCatalog) and its FileIO so, and without this would take the platform's own Iceberg classes, which do not
 * implement the interfaces of the added jar's.
 */
final class SessionClassLoader {

    private SessionClassLoader() {}

    static <T> T call(TableEnvironment session, Supplier<T> work) {
        ClassLoader loader = ((TableEnvironmentInternal) session)
                .getCatalogManager()
                .getDataTypeFactory()
                .getClassLoader();
        try (TemporaryClassLoaderContext ignored = TemporaryClassLoaderContext.of(loader)) {
            return work.get();
        }
    }
}
