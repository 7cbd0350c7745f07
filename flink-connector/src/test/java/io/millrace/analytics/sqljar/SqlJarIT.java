package io.millrace.analytics.sqljar;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL jar is self-contained: a JVM whose class path is Flink's own jars (this module's provided dependencies,
 * what a Flink distribution's lib/ holds) plus the SQL jar runs {@link SqlJarQueries} on a Millrace stream of the
 * test broker, writing, reading and listing through the connector and the catalog. The same JVM without the SQL jar
 * fails, so nothing else on that class path stands in for it.
 */
class SqlJarIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @Test
    void flinksJarsAndTheSqlJarAloneWriteReadAndListStreams(@TempDir Path dir) throws Exception {
        String input = oneShardStream(
                "sqljar-in",
                List.of(
                        new StreamRecord(0, "alice", "{\"customer\": \"alice\", \"amount\": 12.5}", 1_000L),
                        new StreamRecord(0, "bob", "{\"customer\": \"bob\", \"amount\": 3}", 2_000L)));
        String output = oneShardStream("sqljar-out", List.of());

        Run run = queries(dir, withSqlJar(flinkLib()), input, output);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.rows())
                .as(run.output())
                .contains(
                        "ROW +I[alice, 25.0, alice, shardId-000000000000]",
                        "ROW +I[bob, 6.0, bob, shardId-000000000000]",
                        "ROW +I[" + input + "]",
                        "ROW +I[" + output + "]")
                .filteredOn(row -> row.contains("shardId-"))
                .hasSize(2);
    }

    @Test
    void withoutTheSqlJarTheSameQueriesFindNoMillraceConnector(@TempDir Path dir) throws Exception {
        String input = oneShardStream("sqljar-in", List.of());

        Run run = queries(dir, flinkLib(), input, input);

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("'millrace'");
    }

    @Test
    void flinksJarsHoldNothingTheSqlJarBundles() throws IOException {
        List<String> names = flinkLib().stream()
                .map(entry -> Path.of(entry).getFileName().toString())
                .toList();

        assertThat(names)
                .anyMatch(name -> name.startsWith("flink-table-planner-loader-"))
                .anyMatch(name -> name.startsWith("flink-streaming-java-"))
                .noneMatch(name -> name.startsWith("millrace-")
                        || name.startsWith("kafka-clients-")
                        || name.startsWith("flink-connector-kafka-")
                        || name.startsWith("flink-connector-base-")
                        || name.startsWith("avro-")
                        || name.startsWith("randomcutforest-")
                        || name.startsWith("jackson-"));
    }

    private static String oneShardStream(String base, List<StreamRecord> records) throws Exception {
        String stream = TestStreams.uniqueStream(base);
        TestStreams.createStream(stream, 1);
        if (!records.isEmpty()) {
            TestStreams.put(stream, records);
        }
        return stream;
    }

    private record Run(int exitCode, String output) {
        List<String> rows() {
            return output.lines().filter(line -> line.startsWith("ROW ")).toList();
        }
    }

    /** Flink's jars, as listed by the build (dependency:build-classpath of the provided scope). */
    private static List<String> flinkLib() throws IOException {
        String listing = Files.readString(Path.of(property("millrace.flink.lib.classpath")))
                .strip();
        return Arrays.asList(listing.split(File.pathSeparator));
    }

    private static List<String> withSqlJar(List<String> classpath) {
        Path sqlJar = Path.of(property("millrace.sql.jar"));
        assertThat(sqlJar).as("the SQL jar, built in package").isRegularFile();
        return Stream.concat(classpath.stream(), Stream.of(sqlJar.toString())).toList();
    }

    private static Run queries(Path dir, List<String> classpath, String input, String output) throws Exception {
        List<String> entries = new ArrayList<>(classpath);
        entries.add(queriesClass(dir.resolve("classes")).toString());
        Path log = dir.resolve("queries.log");
        Process process = new ProcessBuilder(
                        property("millrace.test.java"),
                        "-Xmx768m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.io.tmpdir=" + dir,
                        "-cp",
                        String.join(File.pathSeparator, entries),
                        SqlJarQueries.class.getName(),
                        TestStreams.bootstrapServers(),
                        input,
                        output)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(process.waitFor(150, TimeUnit.SECONDS))
                    .as("the queries' JVM ended in time")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    /** A directory holding {@link SqlJarQueries} alone, not the other test classes. */
    private static Path queriesClass(Path classes) throws Exception {
        Path testClasses = Path.of(SqlJarQueries.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        String packagePath = SqlJarQueries.class.getPackageName().replace('.', '/');
        Path target = Files.createDirectories(classes.resolve(packagePath));
        try (Stream<Path> files = Files.list(testClasses.resolve(packagePath))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("SqlJarQueries"))
                    .toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return classes;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value)
                .as("system property %s, set by the module's Failsafe configuration", name)
                .isNotNull();
        return value;
    }
}
