package io.millrace.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlStatementSplitterTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        String script = """
        -- a comment; not a statement
        CREATE TABLE t (s STRING) WITH ('a' = 'x;y', 'b' = 'it''s;');
        /* block; comment */ SELECT `odd;name`, "q;uoted" FROM t;
        SELECT 1""";

        assertThat(SqlStatementSplitter.statements(script))
                .containsExactly(
                        "CREATE TABLE t (s STRING) WITH ('a' = 'x;y', 'b' = 'it''s;')",
                        "SELECT `odd;name`, \"q;uoted\" FROM t",
                        "SELECT 1");
    }

    @Test
    void keepsHintsWhichLookLikeComments() {
        assertThat(SqlStatementSplitter.statements("SELECT * FROM t /*+ OPTIONS('a' = 'b;c') */; SELECT 2"))
                .containsExactly("SELECT * FROM t /*+ OPTIONS('a' = 'b;c') */", "SELECT 2");
    }

    @Test
    void keepsAnExecuteStatementSetBlockWhole() {
        String script = "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END; SELECT 3;";

        assertThat(SqlStatementSplitter.statements(script))
                .containsExactly(
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END", "SELECT 3");
    }

    @Test
    void reportsAnUnfinishedStatementAsRemainder() {
        SqlStatementSplitter.Split split = SqlStatementSplitter.split("SELECT 1; SELECT 'unterminated;");

        assertThat(split.statements()).containsExactly("SELECT 1");
        assertThat(split.remainder().strip()).isEqualTo("SELECT 'unterminated;");
    }

    @Test
    void onlyCommentsAndBlanksMakeNoStatement() {
        assertThat(SqlStatementSplitter.statements("-- nothing\n ; /* here */ ;\n"))
                .isEmpty();
    }

    @Test
    void substitutesVariablesWithValuesOrDefaults() {
        String script = "SELECT '${a}', '${b:fallback}', '${c:}'";

        assertThat(ScriptVariables.substitute(script, Map.of("a", "x$1"))).isEqualTo("SELECT 'x$1', 'fallback', ''");
        assertThatThrownBy(() -> ScriptVariables.substitute("${missing}", Map.of()))
                .hasMessageContaining("${missing}");
    }
}
