package io.millrace.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The generated configuration table of one definition in a module's README, between the lines
 * {@code <!-- config:NAME:begin -->} and {@code <!-- config:NAME:end -->}. Each module's {@code ConfigTablesTest}
 * compares the block with its definition, so a README cannot drift from the code; run with
 * {@code -Dconfig.tables.write=true}, it rewrites the block instead.
 */
public final class ReadmeConfigBlock {

    public static final String WRITE_PROPERTY = "config.tables.write";

    private final String module;
    private final String testModule;
    private final Path readme;
    private final String name;

    private ReadmeConfigBlock(String module, String testModule, Path readme, String name) {
        this.module = module;
        this.testModule = testModule;
        this.readme = readme;
        this.name = name;
    }

    /**
     * The block {@code name} of {@code module}'s README. Maven runs a module's tests in the module's directory; from
     * the repository root the module's directory is used.
     */
    public static ReadmeConfigBlock of(String module, String name) {
        return of(module, name, module);
    }

    /**
     * The block {@code name} of {@code module}'s README, kept by the tests of {@code testModule}: a module whose
     * options are rendered by tools it does not depend on has its tables checked by a module that does. From
     * {@code testModule}'s directory the README is found in the sibling directory {@code ../module}.
     */
    public static ReadmeConfigBlock of(String module, String name, String testModule) {
        Path fromRoot = Path.of(module, "README.md");
        Path fromModule = module.equals(testModule) ? Path.of("README.md") : Path.of("..", module, "README.md");
        return at(Files.exists(fromRoot) ? fromRoot : fromModule, module, name, testModule);
    }

    static ReadmeConfigBlock at(Path readme, String module, String name) {
        return at(readme, module, name, module);
    }

    static ReadmeConfigBlock at(Path readme, String module, String name, String testModule) {
        return new ReadmeConfigBlock(module, testModule, readme, name);
    }

    /**
     * Rewrites the block with {@code table} when {@value #WRITE_PROPERTY} is true; then says what is wrong, or
     * nothing when the README shows exactly {@code table}.
     */
    public Optional<String> refreshOrDescribeDrift(String table) throws IOException {
        return refreshOrDescribeDrift(table, Boolean.getBoolean(WRITE_PROPERTY));
    }

    Optional<String> refreshOrDescribeDrift(String table, boolean write) throws IOException {
        String readmeText = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = readmeText.indexOf(marker("begin"));
        int end = readmeText.indexOf(marker("end"));
        if (begin < 0 || end < begin) {
            return Optional.of(module + "/README.md has no block " + marker("begin") + " ... " + marker("end")
                    + " (each marker on a line of its own) for the generated table of " + name);
        }
        int contentStart = begin + marker("begin").length();
        String wanted = "\n" + table;
        if (readmeText.substring(contentStart, end).equals(wanted)) {
            return Optional.empty();
        }
        if (write) {
            Files.writeString(
                    readme,
                    readmeText.substring(0, contentStart) + wanted + readmeText.substring(end),
                    StandardCharsets.UTF_8);
            return Optional.empty();
        }
        return Optional.of(module + "/README.md: the configuration table of " + name + " differs from its"
                + " definition; refresh it with\n  " + refreshCommand() + "\nand commit the README. The table is:\n"
                + table);
    }

    private String refreshCommand() {
        return "./mvnw -B -o test -pl " + testModule + " -am -Dtest=ConfigTablesTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
    }

    private String marker(String side) {
        return "<!-- config:" + name + ":" + side + " -->";
    }
}
