package io.millrace.analytics.sql;

import java.util.List;
import org.apache.flink.types.Row;

/** What one statement did: its result rows (queries, SHOW, ...) or the id of the job it submitted. */
public record StatementOutcome(String statement, List<String> columns, List<Row> rows, String jobId) {

    public static StatementOutcome done(String statement) {
        return new StatementOutcome(statement, List.of(), List.of(), null);
    }
}
