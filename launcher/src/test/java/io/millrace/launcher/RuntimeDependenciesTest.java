package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Maven lets a direct declaration decide a dependency's scope: a jar the launcher declares for its tests only is left
 * out of {@code lib/} even when a module it packages needs it at run time, and only the packaged platform fails
 * (NoClassDefFoundError inside a Connect task or a bench workload). It happened with the Firehose SDK, Netty's HTTP
 * client, kinesis-crypto and the KMS SDK. This test reads the poms and refuses it.
 */
class RuntimeDependenciesTest {

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern SCOPE = Pattern.compile("<scope>([^<]+)</scope>");

    private record Declared(String artifactId, String scope) {}

    @Test
    void noTestScopedDeclarationHidesARuntimeDependencyOfAModule() throws IOException {
        Path root = MillraceProcess.ROOT;
        List<String> testOnly = declared(root.resolve("launcher/pom.xml")).stream()
                .filter(d -> d.scope().equals("test"))
                .map(Declared::artifactId)
                .toList();
        assertThat(testOnly).as("the launcher's test-scoped dependencies").isNotEmpty();

        List<String> hidden = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path pom : modules.map(m -> m.resolve("pom.xml"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                if (pom.getParent().getFileName().toString().equals("launcher")) {
                    continue;
                }
                for (Declared d : declared(pom)) {
                    if (testOnly.contains(d.artifactId())
                            && (d.scope().equals("compile") || d.scope().equals("runtime"))) {
                        hidden.add(d.artifactId() + " (needed by " + root.relativize(pom) + ")");
                    }
                }
            }
        }
        assertThat(hidden)
                .as("declared test-scoped in launcher/pom.xml, so missing from lib/, yet needed at run time")
                .isEmpty();
    }

    private static List<Declared> declared(Path pom) throws IOException {
        String text = Files.readString(pom);
        // Only <dependencies>, not <dependencyManagement>, whose entries set no scope of their own here.
        int management = text.indexOf("<dependencyManagement>");
        if (management >= 0) {
            text = text.substring(0, management) + text.substring(text.indexOf("</dependencyManagement>"));
        }
        List<Declared> out = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(text);
        while (dependency.find()) {
            String body = dependency.group(1).replaceAll("(?s)<exclusions>.*?</exclusions>", "");
            Matcher artifact = ARTIFACT.matcher(body);
            if (artifact.find()) {
                Matcher scope = SCOPE.matcher(body);
                out.add(new Declared(artifact.group(1), scope.find() ? scope.group(1) : "compile"));
            }
        }
        return out;
    }
}
