package io.millrace.console.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryNameTest {

    @Test
    void aNameCarriesItsStartToAnyGateway() {
        Instant now = Instant.parse("2026-12-07T08:00:00.750Z");
        QueryName name = QueryName.next(now);
        assertThat(name.resource()).matches("console-sql-[0-9a-z]+-[0-9a-f]{8}");
        assertThat(QueryName.ofResource(name.resource())).contains(name);
        assertThat(QueryName.ofId(name.id()).orElseThrow().started()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void onlyTheConsolesNamesAreQueries() {
        assertThat(QueryName.ofResource("orders")).isEmpty();
        assertThat(QueryName.ofResource("console-sql-orders")).isEmpty();
        assertThat(QueryName.ofId("../x")).isEmpty();
        assertThat(QueryName.ofId("tpo13o-7672e79e-extra")).isEmpty();
    }

    @Test
    void theScriptWritesTheQuerysRowsIntoItsOwnStream() {
        QueryName name = QueryName.ofId("tpo13o-7672e79e").orElseThrow();
        String script = AdHocQueries.script("orders", "SELECT * FROM `orders`", name, "arn:aws:iam::1:root");
        assertThat(script)
                .contains("USE CATALOG millrace;")
                .contains("'stream' = 'console-sql-tpo13o-7672e79e'")
                .contains("AS SELECT console_query.*, 'row' AS console_row FROM (\nSELECT * FROM `orders`\n)");
    }
}
