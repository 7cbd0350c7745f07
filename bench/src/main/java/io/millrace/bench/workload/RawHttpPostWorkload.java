package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the bench's HTTP endpoint takes without Firehose in between: {@code threads} threads POST the same requests
 * a delivery stream sends (AWS's request body of {@code batchSize} base64 records, the access key header) to the
 * endpoint's {@code /raw} path one after the other, with the same load budget; the ceiling of HTTP endpoint
 * delivery on this machine.
 */
public final class RawHttpPostWorkload {

    private final HttpEndpointDestination endpoint;
    private final LoadSpec spec;

    public RawHttpPostWorkload(HttpEndpointDestination endpoint, LoadSpec spec) {
        this.endpoint = endpoint;
        this.spec = spec;
    }

    public RunResult run(String name, PrintWriter out) {
        Meter meter = new Meter();
        RecordBudget budget = spec.newBudget();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            ClientThreads.runAll("bench-raw-http", spec.threads(), index -> {
                ErrorStreak errors = new ErrorStreak("POST " + endpoint.rawUrl());
                byte[] template = PayloadFormat.BINARY.template(spec.recordSize());
                long batchId = (long) index << 40;
                int claimed;
                while ((claimed = budget.claim(spec.batchSize())) > 0) {
                    String requestId = UUID.randomUUID().toString();
                    byte[] body = body(requestId, template, ++batchId, claimed);
                    HttpRequest request = HttpRequest.newBuilder(endpoint.rawUrl())
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header(HttpEndpointDestination.ACCESS_KEY_HEADER, endpoint.accessKey())
                            .header(HttpEndpointDestination.REQUEST_ID_HEADER, requestId)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IOException("answered " + response.statusCode());
                        }
                    } catch (IOException e) {
                        meter.error();
                        errors.failure(e);
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BenchFailure("interrupted");
                    }
                    meter.latencyNanos(System.nanoTime() - start);
                    meter.count(claimed, (long) claimed * spec.recordSize());
                    errors.success();
                }
            });
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("writer threads", Integer.toString(spec.threads()));
            notes.put("records the endpoint decoded", Long.toString(endpoint.rawRecords()));
            notes.put("failed calls", Long.toString(meter.errors()));
            return ticker.finish(
                    Operation.HTTP_POST,
                    false,
                    "one POST of " + spec.batchSize() + " records in AWS's request format, to the bench's endpoint",
                    notes);
        }
    }

    /** AWS's HTTP endpoint request body: requestId, timestamp and the records' data in base64. */
    static byte[] body(String requestId, byte[] template, long batchId, int records) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder(records * (template.length * 4 / 3 + 16) + 100)
                .append("{\"requestId\":\"")
                .append(requestId)
                .append("\",\"timestamp\":")
                .append(System.currentTimeMillis())
                .append(",\"records\":[");
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"data\":\"")
                    .append(base64.encodeToString(PayloadFormat.BINARY.payload(template, batchId, i)))
                    .append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
