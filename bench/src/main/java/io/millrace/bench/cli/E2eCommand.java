package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.E2eWorkload;
import io.millrace.bench.workload.FanOutConsumers;
import io.millrace.bench.workload.FanOutReaders;
import io.millrace.bench.workload.KafkaBaseline;
import io.millrace.bench.workload.KinesisClients;
import io.millrace.bench.workload.LambdaClients;
import io.millrace.bench.workload.LambdaReaders;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.PollingReaders;
import io.millrace.bench.workload.StreamAdmin;
import java.time.Duration;
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
import software.amazon.awssdk.services.lambda.LambdaClient;

@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Put-to-get visibility: time from PutRecord acknowledged to the record returned by"
                + " GetRecords polling readers (one per shard), with --fan-out delivered by SubscribeToShard, or with"
                + " --lambda to a function invoked by an event source mapping.")
public final class E2eCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    LoadOptions load;

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--poll-interval",
            defaultValue = "10ms",
            converter = DurationConverter.class,
            description = "Pause of a reader after an empty GetRecords answer; AWS allows 5 calls/s per shard,"
                    + " so use 200ms against limits (default: ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Option(
            names = "--fan-out",
            description = "Read with enhanced fan-out instead: register a consumer, subscribe"
                    + " to every shard with SubscribeToShard (HTTP/2), deregister it at the end")
    boolean fanOut;

    @Mixin
    FanOutConsumerOptions consumer;

    @Option(
            names = "--consumers",
            defaultValue = "1",
            description = "Registered consumers with --fan-out, each subscribed to every shard; the latency covers"
                    + " every delivery (names --consumer-name-1 to -N when more than one) (default: ${DEFAULT-VALUE})")
    int consumers;

    @Option(
            names = "--lambda",
            description = "Read with Lambda instead: a function served by the bench (its URL as Code.ImageUri) and a"
                    + " Kinesis event source mapping of the stream to it; the latency runs to the invocation")
    boolean lambda;

    @Option(
            names = "--function-host",
            defaultValue = "127.0.0.1",
            description = "With --lambda: the address the endpoint reaches this process at, where the function is"
                    + " served (default: ${DEFAULT-VALUE})")
    String functionHost;

    @Option(
            names = "--function-port",
            defaultValue = "0",
            description = "With --lambda: the function's port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int functionPort;

    @Option(
            names = "--lambda-batch-size",
            defaultValue = "100",
            description = "With --lambda: the mapping's BatchSize, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int lambdaBatchSize;

    @Option(
            names = "--warm-up",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Write and read this long before the measured run, unmeasured (its records tracked apart,"
                    + " one warm-up line): the first seconds of new readers and of this JVM's client code are not"
                    + " steady-state delivery; 0s for none (default: ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(
            names = "--compare",
            description = "Also run the same load on raw Kafka (single acknowledged sends,"
                    + " one consumer per partition) and print the ratio")
    boolean compare;

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LoadSpec loadSpec = load.toSpec(spec, E2eWorkload.HEADER_BYTES);
        if (pollInterval.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--poll-interval must not be negative");
        }
        if (fanOut && matched("--poll-interval")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--poll-interval is for GetRecords readers; --fan-out subscribes and does not poll");
        }
        if (warmUp.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--warm-up must not be negative");
        }
        consumer.check(spec, fanOut);
        if (!fanOut && matched("--consumers")) {
            throw new ParameterException(spec.commandLine(), "--consumers needs --fan-out");
        }
        if (consumers < 1 || consumers > FanOutConsumers.MAX_CONSUMERS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--consumers must be between 1 and " + FanOutConsumers.MAX_CONSUMERS
                            + " (registered consumers per stream), got " + consumers);
        }
        if (lambda && fanOut) {
            throw new ParameterException(spec.commandLine(), "--lambda and --fan-out are two ways to read: pick one");
        }
        if (lambda && matched("--poll-interval")) {
            throw new ParameterException(spec.commandLine(), "--poll-interval is for GetRecords readers, not --lambda");
        }
        if (!lambda && (matched("--function-host") || matched("--function-port") || matched("--lambda-batch-size"))) {
            throw new ParameterException(
                    spec.commandLine(), "--function-host, --function-port and --lambda-batch-size need --lambda");
        }
        if (lambdaBatchSize < 1 || lambdaBatchSize > 10000) {
            throw new ParameterException(
                    spec.commandLine(), "--lambda-batch-size must be between 1 and 10000, got " + lambdaBatchSize);
        }
        String bootstrap = compare ? kafka.required(spec, "with --compare") : null;
        String stream = load.streamName("e2e", WorkloadRun.stamp(startedAt));
        return WorkloadRun.execute(
                spec, "e2e", load.resultsDir, startedAt, endpoint.cpuProbe(), (out, params, warnings) -> {
                    params.put("endpoint", endpoint.target().describe());
                    params.put("stream", stream);
                    params.putAll(LoadOptions.describe(loadSpec));
                    params.put("batch size", "1 (PutRecord)");
                    params.put(
                            "warm-up",
                            warmUp.isZero()
                                    ? "none"
                                    : warmUp.toSeconds() + " s of the same load before each measured run, unmeasured");
                    if (fanOut) {
                        params.put("readers", consumer.describeReaders(consumers));
                    } else if (lambda) {
                        params.put(
                                "readers",
                                "a Lambda function served by the bench at " + functionHost
                                        + ", invoked by a Kinesis event source mapping");
                    } else {
                        params.put("readers", "one per shard, polling GetRecords");
                        params.put("poll interval", pollInterval.toMillis() + " ms");
                    }
                    List<RunResult> runs = new ArrayList<>();
                    try (KinesisClient client = KinesisClients.create(
                            endpoint.target(), loadSpec.threads() + (fanOut ? 1 : loadSpec.shards()))) {
                        StreamAdmin admin = new StreamAdmin(client);
                        admin.createAndWait(stream, loadSpec.shards());
                        try {
                            if (fanOut) {
                                runs.addAll(runFanOut(client, admin, stream, loadSpec, out, warnings));
                            } else if (lambda) {
                                runs.addAll(runLambda(client, stream, loadSpec, out));
                            } else {
                                runs.addAll(E2eWorkload.kinesis(
                                                client,
                                                stream,
                                                loadSpec,
                                                new PollingReaders(client, stream, pollInterval),
                                                warmUp)
                                        .run(out));
                            }
                        } finally {
                            if (!load.keep) {
                                PutCommand.addIfPresent(warnings, admin.delete(stream));
                            }
                        }
                    }
                    if (compare) {
                        params.put("Kafka bootstrap servers", bootstrap);
                        runs.addAll(KafkaBaseline.runE2e(
                                bootstrap, stream + "-kafka", loadSpec, warmUp, load.keep, out, warnings));
                    }
                    return runs;
                });
    }

    private List<RunResult> runFanOut(
            KinesisClient client,
            StreamAdmin admin,
            String stream,
            LoadSpec loadSpec,
            java.io.PrintWriter out,
            List<String> warnings) {
        try (FanOutConsumers registered =
                        FanOutConsumers.register(admin, stream, consumer.consumerName, consumers, warnings);
                KinesisAsyncClient async =
                        KinesisClients.createAsync(endpoint.target(), consumers * loadSpec.shards())) {
            return E2eWorkload.kinesis(
                            client,
                            stream,
                            loadSpec,
                            new FanOutReaders(async, registered.arns(), "e2e fan-out"),
                            warmUp)
                    .run(out);
        }
    }

    private List<RunResult> runLambda(KinesisClient client, String stream, LoadSpec loadSpec, java.io.PrintWriter out) {
        String streamArn = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        try (LambdaClient lambdaClient = LambdaClients.create(endpoint.target())) {
            return E2eWorkload.kinesis(
                            client,
                            stream,
                            loadSpec,
                            new LambdaReaders(
                                    lambdaClient, streamArn, stream, functionHost, functionPort, lambdaBatchSize),
                            warmUp)
                    .run(out);
        }
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
