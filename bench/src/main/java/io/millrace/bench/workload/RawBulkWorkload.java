package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the OpenSearch node takes without Firehose in between: {@code threads} threads send {@code _bulk} requests
 * of {@code batchSize} index actions (the same JSON documents the delivery stream indexed, ids chosen by the node)
 * into an index of their own, one after the other, with the same load budget; afterwards the index is counted and
 * deleted.
 */
public final class RawBulkWorkload {

    private static final byte[] ACTION = "{\"index\":{}}\n".getBytes(StandardCharsets.US_ASCII);

    private final OpenSearchIndexDestination node;
    private final String index;
    private final LoadSpec spec;

    public RawBulkWorkload(OpenSearchIndexDestination node, String index, LoadSpec spec) {
        this.node = node;
        this.index = index;
        this.spec = spec;
    }

    public RunResult run(String name, PrintWriter out) {
        Meter meter = new Meter();
        RecordBudget budget = spec.newBudget();
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            ClientThreads.runAll("bench-raw-bulk", spec.threads(), thread -> {
                ErrorStreak errors = new ErrorStreak("_bulk into " + index);
                byte[] template = PayloadFormat.JSON.template(spec.recordSize());
                long batchId = (long) thread << 40;
                int claimed;
                while ((claimed = budget.claim(spec.batchSize())) > 0) {
                    byte[] body = body(template, ++batchId, claimed);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response =
                                node.send(HttpRequest.newBuilder(node.cluster().resolve("/" + index + "/_bulk"))
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                        // A refused action answers 200 with "errors":true: the call counts as failed.
                        if (response.statusCode() != 200 || !response.body().contains("\"errors\":false")) {
                            throw new IOException("answered " + response.statusCode());
                        }
                    } catch (IOException | java.io.UncheckedIOException e) {
                        meter.error();
                        errors.failure(e);
                        continue;
                    }
                    meter.latencyNanos(System.nanoTime() - start);
                    meter.count(claimed, (long) claimed * spec.recordSize());
                    errors.success();
                }
            });
            ticker.stop();
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("writer threads", Integer.toString(spec.threads()));
            node.send(HttpRequest.newBuilder(node.cluster().resolve("/" + index + "/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            notes.put("documents counted in " + index, Long.toString(node.count(index)));
            notes.put("failed calls", Long.toString(meter.errors()));
            return ticker.finish(
                    Operation.BULK,
                    false,
                    "one _bulk request of " + spec.batchSize() + " documents, to the same node",
                    notes);
        }
    }

    private static byte[] body(byte[] template, long batchId, int records) {
        ByteArrayOutputStream bulk = new ByteArrayOutputStream(records * (template.length + ACTION.length + 1));
        for (int i = 0; i < records; i++) {
            bulk.writeBytes(ACTION);
            bulk.writeBytes(PayloadFormat.JSON.payload(template, batchId, i));
            bulk.write('\n');
        }
        return bulk.toByteArray();
    }

    /** Deletes the run's index; a warning when that failed. */
    public String deleteIndex() {
        return node.delete(index);
    }
}
