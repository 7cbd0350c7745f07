package io.millrace.analytics.sql;

import io.millrace.analytics.table.MillraceDynamicTableFactory;
import io.millrace.analytics.table.MillraceOptions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The Millrace streams planned jobs read: every {@code TableSourceScan(table=[[catalog, database, table]])} of their
 * explained plans whose table (temporary or in a catalog) is a {@code 'millrace'} one, by its {@code stream} option.
 * Tables a job only writes are not scans, so a role that may only put records into an output stream is not asked to
 * read it.
 */
final class ScannedStreams {

    private static final Pattern SCAN = Pattern.compile("TableSourceScan\\(table=\\[\\[([^\\]]+)\\]\\]");

    private ScannedStreams() {}

    static Set<String> of(TableEnvironment tables, Iterable<String> plans) {
        Set<String> streams = new TreeSet<>();
        for (String plan : plans) {
            Matcher scan = SCAN.matcher(plan);
            while (scan.find()) {
                String[] path = scan.group(1).split(",\\s*");
                if (path.length == 3) {
                    stream(tables, ObjectIdentifier.of(path[0], path[1], path[2]))
                            .ifPresent(streams::add);
                }
            }
        }
        return streams;
    }

    private static Optional<String> stream(TableEnvironment tables, ObjectIdentifier table) {
        // The catalog manager resolves temporary tables too, which the shipped jobs declare.
        Optional<ContextResolvedTable> resolved =
                ((TableEnvironmentInternal) tables).getCatalogManager().getTable(table);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> options = resolved.get().getTable().getOptions();
        return MillraceDynamicTableFactory.IDENTIFIER.equals(options.get(FactoryUtil.CONNECTOR.key()))
                ? Optional.ofNullable(options.get(MillraceOptions.STREAM.key()))
                : Optional.empty();
    }
}
