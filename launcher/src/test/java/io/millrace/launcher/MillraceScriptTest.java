package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./millrace} script rebuilds the jar when it is missing or older than a pom, a source or the build's
 * settings, and only then. Run on a copy of the script in a scratch tree whose {@code mvnw} and {@code java} only
 * note that they were called, so no real build runs.
 */
class MillraceScriptTest {

    /** As the value of a variable given to {@link #run}: the script runs without it. */
    private static final String UNSET = "(unset)";

    private static final Instant JAR_TIME = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    Path root;

    @BeforeEach
    void scratchTree() throws Exception {
        Files.copy(Path.of("..", "millrace").toAbsolutePath().normalize(), root.resolve("millrace"));
        executable(root.resolve("millrace"));
        script(
                root.resolve("mvnw"),
                "echo build >> \"$(dirname \"$0\")/calls\"\n"
                        + "mkdir -p launcher/target && touch launcher/target/millrace.jar\n");
        // Like the JVM, a class-data dump (-Xshare:dump) writes the archive it is given.
        script(
                root.resolve("jdk/bin/java"),
                "echo \"java $*\" >> \"" + root.resolve("calls") + "\"\n"
                        + "for a in \"$@\"; do case \"$a\" in -XX:SharedArchiveFile=*)"
                        + " [[ \" $* \" == *\" -Xshare:dump \"* ]] && touch \"${a#*=}\";; esac; done; true\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("kinesis-adapter/src/main/java"));
        Files.writeString(root.resolve("kinesis-adapter/src/main/java/A.java"), "class A {}");
        Files.createDirectories(root.resolve(".mvn/wrapper"));
        Files.writeString(root.resolve(".mvn/wrapper/maven-wrapper.properties"), "distributionUrl=x");
        for (String file :
                new String[] {"pom.xml", "kinesis-adapter/src/main/java/A.java", ".mvn/wrapper/maven-wrapper.properties"
                }) {
            Files.setLastModifiedTime(root.resolve(file), FileTime.from(JAR_TIME.minusSeconds(3600)));
        }
    }

    @Test
    void buildsAMissingJarThenRunsIt() throws Exception {
        assertThat(run(Map.of(), "--help")).containsExactly("build", "java -jar " + jar() + " --help");
    }

    @Test
    void runsAnUpToDateJarWithoutBuilding() throws Exception {
        currentJar();
        assertThat(run(Map.of(), "up")).containsExactly("java -jar " + jar() + " up");
    }

    /** The SQL tool's results must not interleave with Millrace's INFO lines: it logs warnings only. */
    @Test
    void theSqlToolLogsWarningsOnly() throws Exception {
        currentJar();
        assertThat(run(Map.of(), "sql", "run", "x.sql"))
                .containsExactly("java -Dmillrace.log.level=WARN -jar " + jar() + " sql run x.sql");
    }

    @Test
    void rebuildsWhenASourceAPomOrTheBuildSettingsAreNewer() throws Exception {
        for (String changed :
                new String[] {"kinesis-adapter/src/main/java/A.java", "pom.xml", ".mvn/wrapper/maven-wrapper.properties"
                }) {
            currentJar();
            Files.setLastModifiedTime(root.resolve(changed), FileTime.from(JAR_TIME.plusSeconds(60)));
            assertThat(run(Map.of(), "up"))
                    .as("after %s changed", changed)
                    .containsExactly("build", "java -jar " + jar() + " up");
            Files.setLastModifiedTime(root.resolve(changed), FileTime.from(JAR_TIME.minusSeconds(3600)));
        }
    }

    @Test
    void skipBuildRunsTheJarAsItIs() throws Exception {
        currentJar();
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(JAR_TIME.plusSeconds(60)));
        assertThat(run(Map.of("MILLRACE_SKIP_BUILD", "1"), "up")).containsExactly("java -jar " + jar() + " up");
    }

    /**
     * Class-data sharing, by default: the first {@code up} of a build records the classes it loads, the next run makes
     * the archive from that list in the background, and the runs after that use it; a new jar starts over.
     */
    @Test
    void anUpRecordsItsClassesTheNextRunMakesTheArchiveAndLaterRunsUseIt() throws Exception {
        currentJar();
        Map<String, String> cds = Map.of("MILLRACE_CDS", UNSET);
        Path target = jar().getParent();

        List<String> first = run(cds, "up");
        assertThat(first)
                .singleElement()
                .asString()
                .matches("java -XX:DumpLoadedClassList=\\Q" + target.resolve("millrace.classlist.") + "\\E\\d+ -jar \\Q"
                        + jar() + "\\E up");
        String list = first.get(0).split(" ")[1].substring("-XX:DumpLoadedClassList=".length());
        Files.writeString(Path.of(list), "java/lang/Object\n");

        Files.deleteIfExists(root.resolve("calls"));
        assertThat(run(cds, "up")).contains("java -jar " + jar() + " up");
        Path archive = target.resolve("millrace.jsa");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(archive) && !Files.exists(Path.of(list)));
        assertThat(Files.readAllLines(root.resolve("calls")))
                .anySatisfy(call -> assertThat(call)
                        .startsWith("java -Xshare:dump -XX:SharedClassListFile=" + list)
                        .endsWith("-cp " + jar()));

        Files.deleteIfExists(root.resolve("calls"));
        assertThat(run(cds, "up"))
                .containsExactly("java -XX:SharedArchiveFile=" + archive + " -Xshare:auto -jar " + jar() + " up");

        // A new build: the archive of the old jar is not used, and the next up records a new list.
        Files.setLastModifiedTime(jar(), FileTime.from(Instant.now().plusSeconds(60)));
        Files.deleteIfExists(root.resolve("calls"));
        assertThat(run(cds, "up")).singleElement().asString().startsWith("java -XX:DumpLoadedClassList=");
    }

    @Test
    void onlyUpRecordsItsClasses() throws Exception {
        currentJar();
        assertThat(run(Map.of("MILLRACE_CDS", UNSET), "--help")).containsExactly("java -jar " + jar() + " --help");
    }

    @Test
    void withMillraceCdsOffAnUpRecordsNothingAndUsesNoArchive() throws Exception {
        currentJar();
        Files.writeString(jar().resolveSibling("millrace.jsa"), "an archive newer than the jar");

        String plain = "java -jar " + jar() + " up";
        assertThat(run(Map.of("MILLRACE_CDS", "off"), "up")).containsExactly(plain);
        assertThat(run(Map.of("MILLRACE_CDS", "off"), "up"))
                .as("every call so far")
                .containsExactly(plain, plain);
        try (var files = Files.list(jar().getParent())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("millrace.classlist."));
        }
    }

    private Path jar() {
        return root.resolve("launcher/target/millrace.jar");
    }

    private void currentJar() throws Exception {
        Files.createDirectories(jar().getParent());
        if (!Files.exists(jar())) {
            Files.createFile(jar());
        }
        Files.setLastModifiedTime(jar(), FileTime.from(JAR_TIME));
        Files.deleteIfExists(root.resolve("calls"));
    }

    /** The first build shows one line per module built, with the elapsed time, not Maven's whole output. */
    @Test
    void aBuildShowsItsProgressModuleByModule() throws Exception {
        script(
                root.resolve("mvnw"),
                "echo '[INFO] Scanning for projects...'\n"
                        + "echo '[INFO] Building Millrace gateway 0.1.0-SNAPSHOT                            [2/8]'\n"
                        + "echo '[INFO] Building Millrace launcher 0.1.0-SNAPSHOT                           [8/8]'\n"
                        + "mkdir -p launcher/target && touch launcher/target/millrace.jar\n");
        Process process = start("--help");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output)
                .contains(
                        "millrace:   [2/8] Millrace gateway (",
                        "millrace:   [8/8] Millrace launcher (",
                        "millrace: built in ")
                .doesNotContain("Scanning for projects");
    }

    /** A failed build shows the end of Maven's output and its exit code, and runs nothing. */
    @Test
    void aFailedBuildShowsMavensOutputAndStops() throws Exception {
        script(root.resolve("mvnw"), "echo '[ERROR] COMPILATION ERROR: A.java missing symbol'\nexit 3\n");
        Process process = start("up");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(output).contains("[ERROR] COMPILATION ERROR: A.java missing symbol", "the build failed after");
        assertThat(root.resolve("calls")).doesNotExist();
    }

    /** Runs the script; returns the calls the fake mvnw and java noted, in order. */
    private List<String> run(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        Path calls = root.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private Process start(String... args) throws Exception {
        return start(Map.of(), args);
    }

    private Process start(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(root.resolve("millrace").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().remove("MILLRACE_SKIP_BUILD");
        builder.environment().remove("MILLRACE_JAVA_OPTS");
        // Off unless a test leaves it to the script's default, whatever the environment running the tests says.
        builder.environment().put("MILLRACE_CDS", "off");
        builder.environment().putAll(env);
        env.forEach((name, value) -> {
            if (value.equals(UNSET)) {
                builder.environment().remove(name);
            }
        });
        return builder.start();
    }

    private static void script(Path path, String body) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/usr/bin/env bash\nset -e\n" + body);
        executable(path);
    }

    private static void executable(Path path) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
