package io.millrace.bench.cli;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.Buffering;
import io.millrace.bench.workload.ConnectorPause;
import io.millrace.bench.workload.DeliveryDestination;
import io.millrace.bench.workload.DeliveryStreamAdmin;
import io.millrace.bench.workload.FirehoseBacklogWorkload;
import io.millrace.bench.workload.FirehoseClients;
import io.millrace.bench.workload.FirehoseWorkload;
import io.millrace.bench.workload.KafkaBaseline;
import io.millrace.bench.workload.KinesisClients;
import io.millrace.bench.workload.KinesisPutWorkload;
import io.millrace.bench.workload.LoadSpec;
import io.millrace.bench.workload.RawS3PutWorkload;
import io.millrace.bench.workload.S3DeliveryWatcher;
import io.millrace.bench.workload.S3Target;
import io.millrace.bench.workload.StreamAdmin;
import java.io.PrintWriter;
import java.net.URI;
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
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

@Command(
        name = "firehose",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "PutRecordBatch into a DirectPut delivery stream of its own, and the records delivered to S3"
                + " (or an HTTP endpoint, an Iceberg table, an OpenSearch index: --destination): delivered MiB/s and"
                + " data freshness (acknowledged to seen at the destination).")
public final class FirehoseCommand implements Callable<Integer> {

    /** BufferingHints limits (Firehose API reference): SizeInMBs 1 to 128, IntervalInSeconds 0 to 900. */
    private static final int MAX_BUFFER_MB = 128;

    private static final long MAX_INTERVAL_SECONDS = 900;

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    LoadOptions load;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    DestinationOptions destination;

    @Option(
            names = "--s3-endpoint",
            defaultValue = "http://127.0.0.1:9000",
            description = "S3-compatible endpoint the delivery stream writes to; 'aws' for AWS S3"
                    + " (default: ${DEFAULT-VALUE})")
    String s3Endpoint;

    @Option(
            names = "--s3-access-key",
            defaultValue = "millrace",
            description = "S3 access key id (default: ${DEFAULT-VALUE})")
    String s3AccessKey;

    @Option(
            names = "--s3-secret-key",
            defaultValue = "millrace",
            description = "S3 secret key (default: ${DEFAULT-VALUE})")
    String s3SecretKey;

    @Option(
            names = "--s3-path-style",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Path-style S3 requests, as S3Proxy and MinIO want (default: ${DEFAULT-VALUE})")
    boolean s3PathStyle;

    @Option(
            names = "--bucket",
            defaultValue = "millrace-bench",
            description = "Destination bucket, created when missing (default: ${DEFAULT-VALUE})")
    String bucket;

    @Option(
            names = "--buffer-size-mb",
            defaultValue = "1",
            description = "BufferingHints.SizeInMBs, 1 to 128 (default: ${DEFAULT-VALUE})")
    int bufferSizeMb;

    @Option(
            names = "--buffer-interval",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "BufferingHints.IntervalInSeconds, 0s to 900s (default: ${DEFAULT-VALUE})")
    Duration bufferInterval;

    @Option(
            names = "--poll-interval",
            defaultValue = "100ms",
            converter = DurationConverter.class,
            description = "Pause between two listings of the run's S3 prefix (default: ${DEFAULT-VALUE})")
    Duration pollInterval;

    @Option(
            names = "--drain-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to wait for the last records in S3 once the writers stop, on top of the"
                    + " buffering interval (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(
            names = "--compare",
            description = "Also run, with the same load, raw parallel PUTs of 5 MiB objects to the same S3 store,"
                    + " PutRecords on a Kinesis stream and the raw Kafka producer baseline, and print the ratios")
    boolean compare;

    @Option(
            names = "--s3-threads",
            defaultValue = "8",
            description = "Threads of the raw S3 PUTs with --compare (default: ${DEFAULT-VALUE})")
    int s3Threads;

    @Option(
            names = "--s3-duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long the raw S3 PUTs of --compare run (default: ${DEFAULT-VALUE})")
    Duration s3Duration;

    @Option(
            names = "--backlog",
            description = "Measure delivery apart from PutRecordBatch: fill the delivery stream's topic with this"
                    + " many MiB through a raw Kafka producer (needs --bootstrap-servers), then time how fast the"
                    + " sink writes that backlog to S3. With --compare only the raw S3 PUTs run beside it")
    Integer backlogMib;

    @Option(
            names = "--connect-url",
            description = "With --backlog or --pause-delivery: the platform's Kafka Connect REST URL (millrace up"
                    + " prints it as 'connect'). With --backlog the delivery stream's connector is paused while the"
                    + " backlog fills and resumed to time the sink's own rate; without it the sink delivers during"
                    + " the fill, at most at the fill's rate. Open (unsigned) platforms only: in signed mode the"
                    + " platform resumes the connector")
    URI connectUrl;

    @Option(
            names = "--pause-delivery",
            description = "Measure PutRecordBatch's intake alone (needs --connect-url, not with --backlog): the"
                    + " delivery stream's connector is paused while the writers run, then resumed; the s3 row is"
                    + " timed from the resumption and still checks every acknowledged record in S3 exactly once."
                    + " With --compare, PutRecords and the Kafka producer then run with no delivery beside them"
                    + " either, so the put rows compare intake with intake")
    boolean pauseDelivery;

    @Option(
            names = "--throughput-hint",
            description = "DirectPutSourceConfiguration.ThroughputHintInMBs, 1 to 100: the platform sizes the"
                    + " DirectPut topic's partitions (and so the sink's object streams) from it (default: none)")
    Integer throughputHintMbs;

    @Option(
            names = "--direct-put-topic-prefix",
            defaultValue = "firehose-",
            description = "The platform's millrace.firehose.direct-put-topic-prefix, which --backlog writes under"
                    + " (default: ${DEFAULT-VALUE})")
    String directPutTopicPrefix;

    private String rawS3Description() {
        return s3Threads + " threads of 5 MiB objects for " + s3Duration.toSeconds() + " s";
    }

    /** Raw 5 MiB PutObject calls to the store the delivery stream wrote to, under a prefix of their own. */
    private RunResult rawS3(S3Target s3Target, String prefix, PrintWriter out, List<String> warnings) {
        try (S3Client s3 = FirehoseClients.s3(s3Target, s3Threads)) {
            RawS3PutWorkload raw = new RawS3PutWorkload(s3, bucket, prefix + "raw-s3/", s3Threads, s3Duration, 0);
            try {
                return raw.run(FirehoseRatios.RAW_S3, out);
            } finally {
                if (!load.keep) {
                    PutCommand.addIfPresent(warnings, raw.deleteObjects());
                }
            }
        }
    }

    /** PutRecords with the same load on a Kinesis stream of the same endpoint. */
    private RunResult kinesisPut(String stream, LoadSpec loadSpec, PrintWriter out, List<String> warnings) {
        try (KinesisClient client = KinesisClients.create(endpoint.target(), loadSpec.threads())) {
            StreamAdmin admin = new StreamAdmin(client);
            admin.createAndWait(stream, loadSpec.shards());
            try {
                return new KinesisPutWorkload(client, stream, loadSpec).run(FirehoseRatios.KINESIS_PUT, out);
            } finally {
                if (!load.keep) {
                    PutCommand.addIfPresent(warnings, admin.delete(stream));
                }
            }
        }
    }

    /** The writers and the delivery run; the destination is cleaned up by the caller, after the stream is gone. */
    private List<RunResult> putRecordBatch(
            FirehoseClient firehose, DeliveryDestination target, String name, LoadSpec loadSpec, PrintWriter out) {
        return new FirehoseWorkload(
                        firehose,
                        target,
                        name,
                        loadSpec,
                        pollInterval,
                        drainTimeout.plus(bufferInterval),
                        pauseDelivery ? ConnectorPause.of(connectUrl, name) : null)
                .run(out);
    }

    private List<RunResult> backlog(
            String bootstrap,
            S3Client s3,
            String prefix,
            String name,
            LoadSpec loadSpec,
            PrintWriter out,
            List<String> warnings) {
        FirehoseBacklogWorkload workload = new FirehoseBacklogWorkload(
                bootstrap,
                directPutTopicPrefix + name,
                name,
                s3,
                bucket,
                prefix,
                loadSpec,
                (long) backlogMib << 20,
                pollInterval,
                drainTimeout.plus(bufferInterval),
                connectUrl == null ? null : ConnectorPause.of(connectUrl, name));
        try {
            return workload.run(out);
        } finally {
            if (!load.keep) {
                PutCommand.addIfPresent(warnings, workload.deleteObjects());
            }
        }
    }

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        LoadSpec loadSpec = load.toSpec(spec, destination.minRecordSize(), RequestLimits.PUT_RECORD_BATCH);
        if (bufferSizeMb < 1 || bufferSizeMb > MAX_BUFFER_MB) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--buffer-size-mb must be between 1 and " + MAX_BUFFER_MB + ", got " + bufferSizeMb);
        }
        if (bufferInterval.isNegative() || bufferInterval.toSeconds() > MAX_INTERVAL_SECONDS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--buffer-interval must be between 0s and " + MAX_INTERVAL_SECONDS + "s, got " + bufferInterval);
        }
        if (pollInterval.isNegative() || drainTimeout.isNegative()) {
            throw new ParameterException(
                    spec.commandLine(), "--poll-interval and --drain-timeout must not be negative");
        }
        if (s3Threads < 1 || s3Threads > 1024) {
            throw new ParameterException(
                    spec.commandLine(), "--s3-threads must be between 1 and 1024, got " + s3Threads);
        }
        if (s3Duration.isZero() || s3Duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--s3-duration must be positive, got " + s3Duration);
        }
        if (backlogMib != null && backlogMib < 1) {
            throw new ParameterException(spec.commandLine(), "--backlog must be at least 1 MiB, got " + backlogMib);
        }
        if (throughputHintMbs != null && (throughputHintMbs < 1 || throughputHintMbs > 100)) {
            throw new ParameterException(
                    spec.commandLine(), "--throughput-hint must be between 1 and 100, got " + throughputHintMbs);
        }
        if (pauseDelivery && (connectUrl == null || backlogMib != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--pause-delivery needs --connect-url (the platform's Kafka Connect REST URL) and is not for"
                            + " --backlog, which pauses the sink during its fill with --connect-url alone");
        }
        destination.check(spec, bufferSizeMb);
        if (backlogMib != null && !destination.s3()) {
            throw new ParameterException(spec.commandLine(), "--backlog is for --destination s3 only");
        }
        if (connectUrl != null && backlogMib == null && !pauseDelivery) {
            throw new ParameterException(spec.commandLine(), "--connect-url is for --backlog or --pause-delivery");
        }
        String bootstrap = backlogMib != null
                ? kafka.required(spec, "with --backlog")
                : compare && destination.s3() ? kafka.required(spec, "with --compare") : null;
        String name = load.streamName("firehose", WorkloadRun.stamp(startedAt));
        String prefix = "millrace-bench/" + name + "/";
        S3Target s3Target = new S3Target(
                "aws".equals(s3Endpoint) ? null : URI.create(s3Endpoint),
                endpoint.region,
                s3AccessKey,
                s3SecretKey,
                s3PathStyle);
        return WorkloadRun.execute(
                spec, "firehose", load.resultsDir, startedAt, endpoint.cpuProbe(), (out, params, warnings) -> {
                    params.put("endpoint", endpoint.target().endpoint() + " (Firehose, JSON 1.1)");
                    params.put("delivery stream", name + " (DirectPut)");
                    params.put("buffering hints", bufferSizeMb + " MiB or " + bufferInterval.toSeconds() + " s");
                    if (throughputHintMbs != null) {
                        params.put("ThroughputHintInMBs", Integer.toString(throughputHintMbs));
                    }
                    params.putAll(LoadOptions.describe(loadSpec));
                    params.remove("shards");
                    List<RunResult> runs = new ArrayList<>();
                    try (FirehoseClient firehose = FirehoseClients.firehose(endpoint.target(), loadSpec.threads());
                            S3Client s3 = FirehoseClients.s3(s3Target)) {
                        S3DeliveryWatcher.ensureBucket(s3, bucket);
                        DeliveryStreamAdmin admin = new DeliveryStreamAdmin(firehose);
                        DeliveryDestination target = destination.open(
                                name,
                                prefix,
                                bucket,
                                loadSpec.recordSize(),
                                new Buffering(bufferSizeMb, (int) bufferInterval.toSeconds()),
                                s3Target,
                                s3,
                                endpoint.target().endpoint(),
                                params);
                        try {
                            admin.createAndWait(name, target, throughputHintMbs);
                            try {
                                if (backlogMib != null) {
                                    params.put(
                                            "backlog",
                                            backlogMib + " MiB through a raw Kafka producer, then delivered");
                                    runs.addAll(backlog(bootstrap, s3, prefix, name, loadSpec, out, warnings));
                                } else {
                                    if (pauseDelivery) {
                                        params.put(
                                                "delivery",
                                                "paused during PutRecordBatch (" + connectUrl + "), then resumed");
                                    }
                                    runs.addAll(putRecordBatch(firehose, target, name, loadSpec, out));
                                }
                            } finally {
                                if (!load.keep) {
                                    PutCommand.addIfPresent(warnings, admin.delete(name));
                                }
                            }
                            if (compare && !destination.s3()) {
                                runs.add(DestinationBaselines.run(
                                        target, loadSpec, load.keep, out, params, warnings, () -> {
                                            params.put("raw S3 PUTs", rawS3Description());
                                            return rawS3(s3Target, prefix, out, warnings);
                                        }));
                            }
                        } finally {
                            if (!load.keep) {
                                PutCommand.addIfPresent(warnings, target.cleanUp());
                            }
                            target.close();
                        }
                    }
                    if (compare && !destination.s3()) {
                        return FirehoseRatios.annotate(runs);
                    }
                    if (compare) {
                        params.put("raw S3 PUTs", rawS3Description());
                        runs.add(rawS3(s3Target, prefix, out, warnings));
                        if (backlogMib != null) {
                            return FirehoseRatios.annotate(runs);
                        }
                        params.put("PutRecords stream", name + "-kinesis, " + loadSpec.shards() + " shards");
                        runs.add(kinesisPut(name + "-kinesis", loadSpec, out, warnings));
                        params.put("Kafka bootstrap servers", bootstrap);
                        runs.addAll(KafkaBaseline.run(
                                bootstrap, name + "-kafka", loadSpec, false, load.keep, out, warnings));
                        return FirehoseRatios.annotate(runs);
                    }
                    return runs;
                });
    }
}
