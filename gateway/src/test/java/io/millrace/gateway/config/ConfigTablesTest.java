package io.millrace.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTablesTest {

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("b.servers", Type.LIST, Importance.HIGH, "Kafka cluster (host:port,...)")
            .define("a.port", Type.INT, 4567, Range.between(0, 65535), Importance.HIGH, "HTTP port")
            .define(
                    "limits",
                    Type.STRING,
                    "aws",
                    ValidString.in("aws", "off"),
                    Importance.LOW,
                    "aws | off: as\nAWS enforces them")
            .define("prefix", Type.STRING, "", Importance.LOW, "Topic is <prefix><stream>")
            .define("credentials", Type.LIST, List.of("a:b", "c:d"), Importance.LOW, "pairs")
            .define("secret", Type.PASSWORD, "s3cr3t", Importance.LOW, "never printed")
            .define("no.secret", Type.PASSWORD, "", Importance.LOW, "nothing to hide")
            .define("buffers", Type.STRING, System.getProperty("java.io.tmpdir"), Importance.LOW, "local files")
            .define("checked", Type.INT, 1, (name, value) -> {}, Importance.LOW, "a lambda validator")
            .defineInternal("internal.only", Type.INT, 0, Importance.LOW);

    @Test
    void rendersEveryPublicKeyInDefinitionOrder() {
        assertThat(ConfigTables.markdown(DEFINITION)).isEqualTo("""
                | key | type | default | valid values | description |
                | --- | --- | --- | --- | --- |
                | `b.servers` | list | required |  | Kafka cluster (host:port,...) |
                | `a.port` | int | `4567` | [0,...,65535] | HTTP port |
                | `limits` | string | `aws` | [aws, off] | aws \\| off: as AWS enforces them |
                | `prefix` | string | (empty) |  | Topic is &lt;prefix>&lt;stream> |
                | `credentials` | list | `a:b,c:d` |  | pairs |
                | `secret` | password | [hidden] |  | never printed |
                | `no.secret` | password | (empty) |  | nothing to hide |
                | `buffers` | string | java.io.tmpdir |  | local files |
                | `checked` | int | `1` |  | a lambda validator |
                """);
    }

    @Test
    void codeSpansKeepBackticksAndPipesFromBreakingTheCell() {
        assertThat(MarkdownTable.code("a|b")).isEqualTo("`a\\|b`");
        assertThat(MarkdownTable.code("`x`")).isEqualTo("`` `x` ``");
    }

    @Test
    void aReadmeBlockThatMatchesIsLeftAlone(@TempDir Path dir) throws IOException {
        Path readme = readme(dir, "| old |\n");
        ReadmeConfigBlock block = ReadmeConfigBlock.at(readme, "mod", "Def");

        assertThat(block.refreshOrDescribeDrift("| old |\n", false)).isEmpty();
    }

    @Test
    void aStaleBlockNamesTheReadmeAndTheRefreshCommand(@TempDir Path dir) throws IOException {
        Path readme = readme(dir, "| old |\n");
        ReadmeConfigBlock block = ReadmeConfigBlock.at(readme, "mod", "Def");

        assertThat(block.refreshOrDescribeDrift("| new |\n", false))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains(
                                "mod/README.md",
                                "Def",
                                "./mvnw -B -o test -pl mod -am -Dtest=ConfigTablesTest -Dsurefire.failIfNoSpecifiedTests=false"
                                        + " -Dconfig.tables.write=true"));
        assertThat(Files.readString(readme)).contains("| old |");
    }

    @Test
    void aBlockKeptByAnotherModulesTestsNamesThatModulesRefreshCommand(@TempDir Path dir) throws IOException {
        Path readme = readme(dir, "| old |\n");
        ReadmeConfigBlock block = ReadmeConfigBlock.at(readme, "mod", "Def", "other");

        assertThat(block.refreshOrDescribeDrift("| new |\n", false))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("mod/README.md", "./mvnw -B -o test -pl other -am -Dtest=ConfigTablesTest"));
    }

    @Test
    void refreshingRewritesOnlyTheBlock(@TempDir Path dir) throws IOException {
        Path readme = readme(dir, "| old |\n");

        assertThat(ReadmeConfigBlock.at(readme, "mod", "Def").refreshOrDescribeDrift("| new |\n", true))
                .isEmpty();
        assertThat(Files.readString(readme)).isEqualTo("""
                # mod
                before
                <!-- config:Def:begin -->
                | new |
                <!-- config:Def:end -->
                after
                """);
    }

    @Test
    void aMissingBlockIsReportedEvenWhenRefreshing(@TempDir Path dir) throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# mod\n");

        assertThat(ReadmeConfigBlock.at(readme, "mod", "Def").refreshOrDescribeDrift("| new |\n", true))
                .hasValueSatisfying(message -> assertThat(message).contains("<!-- config:Def:begin -->"));
    }

    private static Path readme(Path dir, String table) throws IOException {
        return Files.writeString(
                dir.resolve("README.md"),
                "# mod\nbefore\n<!-- config:Def:begin -->\n" + table + "<!-- config:Def:end -->\nafter\n");
    }
}
