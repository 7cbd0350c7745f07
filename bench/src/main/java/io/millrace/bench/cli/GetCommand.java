package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.FanOutConsumers;
import io.millrace.bench.workload.FanOutReadWorkload;
import io.millrace.bench.workload.KafkaBaseline;
import io.millrace.bench.workload.KinesisClients;
import io.millrace.bench.workload.KinesisPutWorkload;
import io.millrace.bench.workload.KinesisReadWorkload;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.StreamAdmin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Fills a stream with PutRecords, then reads it back with one GetRecords reader per shard:"
                + " read throughput, latency and MillisBehindLatest.")
public final class GetCommand implements Callable<Integer> {

    /** Records written before reading when --records is not given. */
    static final long DEFAULT_FILL = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    LoadOptions load;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--get-limit",
            defaultValue = "10000",
            description = "Limit of each GetRecords call, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int getLimit;

    @Option(
            names = "--fan-out",
            description = "Read with enhanced fan-out instead: register a consumer and read the whole stream with"
                    + " SubscribeToShard (HTTP/2) from TRIM_HORIZON, row 'fan-out read'")
    boolean fanOut;

    @Mixin
    FanOutConsumerOptions consumer;

    @Option(
            names = "--warm-up-records",
            defaultValue = "100000",
            description = "Records read and forgotten before each measured read (GetRecords, and the Kafka read with"
                    + " --compare), at most the records filled, so that the JIT compiling the read path does not"
                    + " count against the first mode measured; 0 for none (default: ${DEFAULT-VALUE})")
    long warmUpRecords;

    /** The warm-up of this run: {@code --warm-up-records}, at most the records filled; none with --fan-out. */
    private long warmUp;

    @Option(names = "--compare", description = "Also run the raw Kafka producer and consumer baseline")
    boolean compare;

    @Option(
            names = "--encryption",
            defaultValue = "none",
            description = "kms: also fill and read a second stream encrypted with StartStreamEncryption (KMS key"
                    + " --kms-key-id), rows 'fill kms' and 'get kms'; none: only the plain stream (default:"
                    + " ${DEFAULT-VALUE})")
    String encryption;

    @Option(
            names = "--kms-key-id",
            defaultValue = "alias/aws/kinesis",
            description = "KMS key of the encrypted stream with --encryption kms (default: ${DEFAULT-VALUE})")
    String kmsKeyId;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        if (load.records == 0) {
            load.records = DEFAULT_FILL;
        }
        LoadSpec loadSpec = load.toSpec(spec, 1);
        if (getLimit < 1 || getLimit > 10_000) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--get-limit must be between 1 and 10000 (the GetRecords limit), got " + getLimit);
        }
        if (fanOut && spec.commandLine().getParseResult().hasMatchedOption("--get-limit")) {
            throw new ParameterException(
                    spec.commandLine(), "--get-limit is for GetRecords readers; --fan-out subscribes");
        }
        consumer.check(spec, fanOut);
        if (!encryption.equals("none") && !encryption.equals("kms")) {
            throw new ParameterException(spec.commandLine(), "--encryption is kms or none, not " + encryption);
        }
        if (warmUpRecords < 0) {
            throw new ParameterException(spec.commandLine(), "--warm-up-records must be 0 or more");
        }
        if (fanOut && spec.commandLine().getParseResult().hasMatchedOption("--warm-up-records")) {
            throw new ParameterException(
                    spec.commandLine(), "--warm-up-records is for GetRecords readers; --fan-out subscribes");
        }
        warmUp = fanOut ? 0 : Math.min(warmUpRecords, load.records);
        String bootstrap = compare ? kafka.required(spec, "with --compare") : null;
        String stream = load.streamName("get", WorkloadRun.stamp(startedAt));
        return WorkloadRun.execute(
                spec, "get", load.resultsDir, startedAt, endpoint.cpuProbe(), (out, params, warnings) -> {
                    params.put("endpoint", endpoint.target().describe());
                    params.put("stream", stream);
                    params.putAll(LoadOptions.describe(loadSpec));
                    if (fanOut) {
                        params.put("readers", consumer.describeReaders(1));
                    } else {
                        params.put("readers", "one per shard");
                        params.put("GetRecords Limit", Integer.toString(getLimit));
                        params.put("warm-up", warmUp + " records read unmeasured before each read");
                    }
                    List<RunResult> runs = new ArrayList<>();
                    try (KinesisClient client =
                            KinesisClients.create(endpoint.target(), Math.max(loadSpec.threads(), loadSpec.shards()))) {
                        StreamAdmin admin = new StreamAdmin(client);
                        fillAndRead(client, admin, stream, null, loadSpec, runs, out, warnings);
                        if (encryption.equals("kms")) {
                            params.put("encrypted stream", stream + "-kms, KMS key " + kmsKeyId);
                            fillAndRead(client, admin, stream + "-kms", kmsKeyId, loadSpec, runs, out, warnings);
                        }
                    }
                    if (compare) {
                        params.put("Kafka bootstrap servers", bootstrap);
                        runs.addAll(KafkaBaseline.run(
                                bootstrap, stream + "-kafka", loadSpec, warmUp, load.keep, out, warnings));
                    }
                    return runs;
                });
    }

    private RunResult readFanOut(
            KinesisClient client,
            StreamAdmin admin,
            String stream,
            LoadSpec loadSpec,
            String name,
            long expected,
            PrintWriter out,
            List<String> warnings) {
        try (FanOutConsumers registered = FanOutConsumers.register(admin, stream, consumer.consumerName, 1, warnings);
                KinesisAsyncClient async = KinesisClients.createAsync(endpoint.target(), loadSpec.shards())) {
            return new FanOutReadWorkload(
                            client, async, stream, registered.arns().get(0), loadSpec.duration())
                    .run(name, expected, out);
        }
    }

    /** Fills {@code stream} (encrypted with {@code keyId} unless null) and reads it back: rows fill and get. */
    private void fillAndRead(
            KinesisClient client,
            StreamAdmin admin,
            String stream,
            String keyId,
            LoadSpec loadSpec,
            List<RunResult> runs,
            PrintWriter out,
            List<String> warnings) {
        String suffix = keyId == null ? "" : " kms";
        admin.createAndWait(stream, loadSpec.shards());
        try {
            if (keyId != null) {
                admin.encryptAndWait(stream, keyId);
            }
            RunResult fill = new KinesisPutWorkload(client, stream, loadSpec).run("fill" + suffix, out);
            runs.add(fill);
            if (fanOut) {
                runs.add(readFanOut(
                        client, admin, stream, loadSpec, "fan-out read" + suffix, fill.records(), out, warnings));
            } else {
                KinesisReadWorkload reads = new KinesisReadWorkload(client, stream, getLimit, loadSpec.duration());
                reads.warmUp(Math.min(warmUp, fill.records()), out);
                runs.add(reads.run("get" + suffix, fill.records(), out));
            }
        } finally {
            if (!load.keep) {
                PutCommand.addIfPresent(warnings, admin.delete(stream));
            }
        }
    }
}
