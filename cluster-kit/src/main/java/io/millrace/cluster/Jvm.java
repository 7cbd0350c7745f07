package io.millrace.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM on a host: this JVM's own java, and the launcher's packaged jar as the classpath. Its
 * manifest lists Kafka's broker and Connect runtime, Flink's runtime, S3Proxy and the Firehose plugin, so every role
 * runs its project's own entry point from one build.
 */
final class Jvm {

    private final Path launcherJar;

    Jvm(Path launcherJar) {
        this.launcherJar = launcherJar;
    }

    /** {@code java -Xmx.. -cp millrace.jar mainClass args...} */
    List<String> main(String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(base(heap));
        command.addAll(List.of("-cp", launcherJar.toString(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code java -Xmx.. -jar millrace.jar args...}: the launcher itself, as ./millrace runs it. */
    List<String> launcher(String heap, List<String> args) {
        List<String> command = new ArrayList<>(base(heap));
        command.addAll(List.of("-jar", launcherJar.toString()));
        command.addAll(args);
        return command;
    }

    private static List<String> base(String heap) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto");
    }
}
