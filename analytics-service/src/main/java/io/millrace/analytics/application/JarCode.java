package io.millrace.analytics.application;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;

/**
 * The code of Java applications: a jar (ZipFileContent) kept under the code directory, whose main class builds the
 * job in this process (Flink's {@link PackagedProgram}, as {@code flink run} does) and whose job graph and jar are
 * then submitted to the cluster's REST endpoint. The main class is the manifest's {@code Main-Class}, or
 * {@code main.class} of the property group {@code kinesis.analytics.flink.run.options}.
 */
final class JarCode {

    static final String RUN_OPTIONS_GROUP = "kinesis.analytics.flink.run.options";
    static final String MAIN_CLASS_PROPERTY = "main.class";

    private final Path directory;
    private final FlinkJobs jobs;

    JarCode(Path directory, FlinkJobs jobs) {
        this.directory = directory;
        this.jobs = jobs;
    }

    /** The main class the jar runs; CodeValidationException when it has none or is no jar. */
    static String mainClass(byte[] jar, Map<String, Map<String, String>> properties) {
        String configured = properties.getOrDefault(RUN_OPTIONS_GROUP, Map.of()).get(MAIN_CLASS_PROPERTY);
        String main = configured;
        boolean found = false;
        int entries = 0;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (main == null && manifest != null) {
                main = manifest.getMainAttributes().getValue("Main-Class");
            }
            if (main == null) {
                throw ApplicationErrors.codeValidation("The jar names no main class: give its manifest a Main-Class, or"
                        + " set " + MAIN_CLASS_PROPERTY + " in property group " + RUN_OPTIONS_GROUP + ".");
            }
            String classFile = main.strip().replace('.', '/') + ".class";
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries++;
                found |= entry.getName().equals(classFile);
            }
        } catch (IOException e) {
            throw ApplicationErrors.codeValidation("ZipFileContent is not a jar: " + e.getMessage());
        }
        if (entries == 0) {
            throw ApplicationErrors.codeValidation("ZipFileContent is not a jar: it has no entries.");
        }
        if (!found) {
            throw ApplicationErrors.codeValidation("The jar has no class " + main.strip()
                    + (configured != null ? " (" + MAIN_CLASS_PROPERTY + ")" : " (its Main-Class)") + ".");
        }
        return main.strip();
    }

    /** Keeps the jar of one version of an application ({@code tag} names it); returns where. */
    Path store(String application, String tag, byte[] jar) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(application + "-" + tag + ".jar");
        Path partial = directory.resolve(file.getFileName() + ".partial");
        Files.write(partial, jar);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static String md5(byte[] jar) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(jar));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the job from the jar with these options (savepoint to restore included) and submits it. */
    String submit(Path jar, String mainClass, Map<String, String> options, int parallelism) throws Exception {
        Configuration configuration = Configuration.fromMap(options);
        PackagedProgram program = PackagedProgram.newBuilder()
                .setJarFile(new File(jar.toString()))
                .setEntryPointClassName(mainClass)
                .setConfiguration(configuration)
                .setSavepointRestoreSettings(SavepointRestoreSettings.fromConfiguration(configuration))
                .build();
        try {
            JobGraph graph = PackagedProgramUtils.createJobGraph(program, configuration, parallelism, false);
            return jobs.client().submitJob(graph).get(2, TimeUnit.MINUTES).toHexString();
        } finally {
            program.close();
        }
    }

    /** Deletes every kept version of one incarnation's jar. */
    void deleteAll(String application, String incarnation) {
        String prefix = application + "-" + incarnation + "-";
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover jar harms nothing: the next incarnation's jars have other names.
        }
    }
}
