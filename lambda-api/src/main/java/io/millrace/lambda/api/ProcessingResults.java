package io.millrace.lambda.api;

/** What this gateway's pollers last did with a mapping, for its LastProcessingResult. */
@FunctionalInterface
public interface ProcessingResults {

    ProcessingResults NONE = uuid -> null;

    /** {@code OK}, {@code PROBLEM: ...}, or null when this gateway has not processed a batch of it. */
    String lastResult(String uuid);
}
