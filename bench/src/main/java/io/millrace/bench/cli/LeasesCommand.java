package io.millrace.bench.cli;

import io.millrace.bench.workload.BenchFailure;
import io.millrace.bench.workload.LeaseSpec;
import io.millrace.bench.workload.LeaseTableAdmin;
import io.millrace.bench.workload.LeaseTableClients;
import io.millrace.bench.workload.LeaseWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(
        name = "leases",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "A fleet of simulated KCL workers on one DynamoDB lease table: each renews, takes, reads and"
                + " checkpoints its leases as the KCL does; latency per lease-table operation and platform CPU.")
public final class LeasesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Option(
            names = "--workers",
            defaultValue = "10",
            description = "KCL workers sharing the lease table (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(
            names = "--leases",
            defaultValue = "100",
            description = "Leases in the table: the shards the fleet reads (default: ${DEFAULT-VALUE})")
    int leases;

    @Option(
            names = "--failover",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "The KCL's failoverTimeMillis: renewals every third of it, a lease taker every two"
                    + " (default: ${DEFAULT-VALUE}, the KCL's)")
    Duration failover;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often each held lease is checkpointed (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Length of the run after the leases are created (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--threads",
            defaultValue = "16",
            description = "Client threads making the calls of every worker (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--table", description = "Lease table name (default: millrace-bench-leases-<time>)")
    String table;

    @Option(names = "--keep", description = "Keep the lease table after the run")
    boolean keep;

    @Option(
            names = "--results-dir",
            defaultValue = "results",
            description = "Folder of the <timestamp>-<workload> result folders (default: ${DEFAULT-VALUE})")
    Path resultsDir;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LeaseSpec leaseSpec = toSpec(startedAt);
        return WorkloadRun.execute(
                spec, "leases", resultsDir, startedAt, endpoint.cpuProbe(), (out, params, warnings) -> {
                    params.put("endpoint", endpoint.target().describe());
                    params.put("table", leaseSpec.table());
                    params.put("workers", Integer.toString(leaseSpec.workers()));
                    params.put("leases", Integer.toString(leaseSpec.leases()));
                    params.put(
                            "failover",
                            leaseSpec.failover().toMillis() + " ms (renew every "
                                    + leaseSpec.renewInterval().toMillis() + " ms, take every "
                                    + leaseSpec.takeInterval().toMillis() + " ms)");
                    params.put(
                            "checkpoint interval",
                            leaseSpec.checkpointInterval().toMillis() + " ms");
                    params.put("duration", leaseSpec.duration().toMillis() + " ms");
                    params.put("threads", Integer.toString(leaseSpec.threads()));
                    params.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
                    try (DynamoDbClient client = LeaseTableClients.create(endpoint.target(), leaseSpec.threads())) {
                        LeaseTableAdmin admin = new LeaseTableAdmin(client);
                        admin.createAndWait(leaseSpec.table());
                        try {
                            return new LeaseWorkload(client, leaseSpec).run(out);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new BenchFailure("interrupted", e);
                        } finally {
                            if (!keep) {
                                String warning = admin.delete(leaseSpec.table());
                                if (warning != null) {
                                    warnings.add(warning);
                                }
                            }
                        }
                    }
                });
    }

    private LeaseSpec toSpec(Instant startedAt) {
        if (workers < 1 || leases < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--workers, --leases and --threads must be at least 1");
        }
        if (failover.toMillis() < 300) {
            throw new ParameterException(spec.commandLine(), "--failover must be at least 300ms, got " + failover);
        }
        if (checkpointInterval.toMillis() < 1 || duration.toMillis() < 1) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-interval and --duration must be positive");
        }
        String name = table != null ? table : "millrace-bench-leases-" + WorkloadRun.stamp(startedAt);
        return new LeaseSpec(name, workers, leases, failover, checkpointInterval, duration, threads);
    }
}
