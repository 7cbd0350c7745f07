package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.DeliveryDestination;
import io.millrace.bench.workload.HttpEndpointDestination;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.OpenSearchIndexDestination;
import io.millrace.bench.workload.RawBulkWorkload;
import io.millrace.bench.workload.RawHttpPostWorkload;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code firehose --compare} for the destinations other than S3: what the destination itself takes with the same
 * load and no Firehose in between, for the {@code delivered MiB/s vs ...} ratio. The HTTP endpoint: the same
 * requests POSTed straight to it; OpenSearch: {@code _bulk} of the same documents into an index of their own; an
 * Iceberg table: raw S3 PUTs to the store its data files go to, as for S3.
 */
final class DestinationBaselines {

    private DestinationBaselines() {}

    static RunResult run(
            DeliveryDestination target,
            LoadSpec loadSpec,
            boolean keep,
            PrintWriter out,
            Map<String, String> params,
            List<String> warnings,
            Supplier<RunResult> rawS3) {
        if (target instanceof HttpEndpointDestination http) {
            params.put(
                    "raw HTTP POSTs",
                    loadSpec.threads() + " threads, the same requests to "
                            + http.url().resolve("raw"));
            return new RawHttpPostWorkload(http, loadSpec).run(FirehoseRatios.RAW_HTTP, out);
        }
        if (target instanceof OpenSearchIndexDestination openSearch) {
            String index = openSearch.index() + "-raw";
            params.put("raw _bulk", loadSpec.threads() + " threads, the same documents into index " + index);
            RawBulkWorkload bulk = new RawBulkWorkload(openSearch, index, loadSpec);
            try {
                return bulk.run(FirehoseRatios.RAW_BULK, out);
            } finally {
                if (!keep) {
                    PutCommand.addIfPresent(warnings, bulk.deleteIndex());
                }
            }
        }
        return rawS3.get();
    }
}
