package io.millrace.firehose.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GetPartitions' Expression with the operators and key types Glue's API reference lists. */
class GluePartitionExpressionTest {

    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("year", "int");
        KEYS.put("region", "string");
        KEYS.put("day", "date");
        KEYS.put("price", "decimal(10,2)");
        KEYS.put("at", "timestamp");
        KEYS.put("ratio", "double");
    }

    private static boolean matches(String expression, String year, String region) {
        return matches(expression, Map.of("year", year, "region", region));
    }

    private static boolean matches(String expression, Map<String, String> values) {
        return GluePartitionExpression.parse(expression, KEYS).matches(values);
    }

    @Test
    void comparisonsAreTypedByTheKeysType() {
        // As int, 10 > 9; as strings "10" < "9".
        assertThat(matches("year > 9", "10", "eu")).isTrue();
        assertThat(matches("year > '9'", "10", "eu")).isTrue();
        assertThat(matches("region > 'd'", "10", "eu")).isTrue();
        assertThat(matches("year = 2024", "2024", "eu")).isTrue();
        assertThat(matches("year <> 2024", "2024", "eu")).isFalse();
        assertThat(matches("year != 2023", "2024", "eu")).isTrue();
        assertThat(matches("year <= 2024 AND year >= 2024", "2024", "eu")).isTrue();
        assertThat(matches("year < 2024", "2024", "eu")).isFalse();
        assertThat(matches("day >= '2024-02-01'", Map.of("day", "2024-10-01"))).isTrue();
        assertThat(matches("day < '2024-02-01'", Map.of("day", "2024-10-01"))).isFalse();
        assertThat(matches("price > 9.5", Map.of("price", "10.00"))).isTrue();
        assertThat(matches("at < '2024-01-01 12:00:00'", Map.of("at", "2024-01-01 11:59:59.5")))
                .isTrue();
    }

    @Test
    void logicalOperatorsInBetweenAndLike() {
        assertThat(matches("year = 2024 AND region = 'eu'", "2024", "eu")).isTrue();
        assertThat(matches("year = 2023 OR region = 'eu'", "2024", "eu")).isTrue();
        assertThat(matches("(year = 2023 OR year = 2025) AND region = 'eu'", "2024", "eu"))
                .isFalse();
        assertThat(matches("NOT region = 'us'", "2024", "eu")).isTrue();
        assertThat(matches("year IN (2022, 2024)", "2024", "eu")).isTrue();
        assertThat(matches("region NOT IN ('eu', 'us')", "2024", "eu")).isFalse();
        assertThat(matches("year BETWEEN 2020 AND 2024", "2024", "eu")).isTrue();
        assertThat(matches("year NOT BETWEEN 2020 AND 2024", "2019", "eu")).isTrue();
        assertThat(matches("region LIKE 'e%'", "2024", "eu-west-1")).isTrue();
        assertThat(matches("region LIKE 'eu-_est-1'", "2024", "eu-west-1")).isTrue();
        assertThat(matches("region LIKE 'us%'", "2024", "eu-west-1")).isFalse();
        assertThat(matches("region like 'e.%'", "2024", "eu"))
                .as("a dot is itself")
                .isFalse();
        assertThat(matches("`Region` = 'it''s'", "2024", "it's"))
                .as("quoted names, escaped quotes")
                .isTrue();
    }

    @Test
    void hivesNullPartitionAndUnreadableValuesAreUnknown() {
        String nul = GluePartitionExpression.HIVE_NULL;
        assertThat(matches("region IS NULL", "2024", nul)).isTrue();
        assertThat(matches("region IS NOT NULL", "2024", nul)).isFalse();
        assertThat(matches("year > 1", "abc", "eu")).isFalse();
        assertThat(matches("NOT year > 1", "abc", "eu"))
                .as("unknown, not false")
                .isFalse();
        assertThat(matches("year > 1 OR region = 'eu'", "abc", "eu")).isTrue();
    }

    @Test
    void badExpressionsAreInvalidInput() {
        for (String bad : new String[] {
            "year >",
            "year = 1 AND",
            "nokey = 1",
            "(year = 1",
            "year = 'x'",
            "year ~ 1",
            "ratio > 1",
            "year = 1 1",
            "region = 'open"
        }) {
            assertThatThrownBy(() -> GluePartitionExpression.parse(bad, KEYS))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo("InvalidInputException"));
        }
    }
}
