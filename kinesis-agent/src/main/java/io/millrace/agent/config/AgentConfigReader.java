package io.millrace.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.agent.config.FlowConfig.InitialPosition;
import io.millrace.agent.config.FlowConfig.PartitionKeyOption;
import io.millrace.agent.processing.ConverterChain;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the Kinesis Agent's agent.json (keys as in the agent's AgentConfiguration and FileFlow, and as AWS documents
 * them in "Writing to Amazon Kinesis Data Streams using Kinesis Agent"). Keys that tune the agent's own thread pools
 * and queues are accepted and have no effect here; any other key the agent does not know is an error.
 */
public final class AgentConfigReader {

    /** Kinesis PutRecords: up to 500 records, 1 MiB each (data plus partition key), 5 MiB a request (API reference). */
    public static final int KINESIS_BATCH_RECORDS = 500;

    public static final int KINESIS_BATCH_BYTES = 5 * 1024 * 1024;
    public static final int KINESIS_RECORD_BYTES = 1024 * 1024;
    /** Firehose PutRecordBatch: up to 500 records, 1,000 KiB each, 4 MiB a request (API reference). */
    public static final int FIREHOSE_BATCH_RECORDS = 500;

    public static final int FIREHOSE_BATCH_BYTES = 4 * 1024 * 1024;
    public static final int FIREHOSE_RECORD_BYTES = 1000 * 1024;

    static final Path DEFAULT_CHECKPOINT_FILE = Path.of("/var/run/aws-kinesis-agent/checkpoints");
    private static final Pattern REGION_IN_HOST =
            Pattern.compile("^(?:kinesis|firehose|monitoring)[.-](?:fips\\.)?([a-z0-9-]+)\\.");

    /** The agent's own tuning: sending threads, connection pooling, STS, log details. */
    private static final Set<String> AGENT_TUNING = Set.of(
            "assumeRoleARN",
            "assumeRoleExternalId",
            "sts.endpoint",
            "checkpointTimeToLiveDays",
            "log.emitMetrics",
            "log.emitInternalMetrics",
            "maxSendingThreads",
            "maxSendingThreadsPerCore",
            "sendingThreadsKeepAliveMillis",
            "sendingThreadsMaxQueueSize",
            "maxConnections",
            "connectionTimeoutMillis",
            "connectionTTLMillis",
            "socketTimeoutMillis",
            "useTcpKeepAlive",
            "useHttpGzip",
            "shutdownTimeoutMillis",
            "userDefinedCredentialsProvider.classname",
            "userDefinedCredentialsProvider.location");

    /** The agent's tailer and publisher queues: one batch at a time here, so they have nothing to tune. */
    private static final Set<String> FLOW_TUNING = Set.of(
            "publishQueueCapacity",
            "waitOnFullPublishQueueMillis",
            "waitOnEmptyPublishQueueMillis",
            "waitOnFullRetryQueueMillis",
            "minTimeBetweenFilePollsMillis",
            "maxTimeBetweenFileTrackerRefreshMillis");

    private AgentConfigReader() {}

    public static AgentConfig read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AgentConfigException("no such file");
        } catch (IOException e) {
            throw new AgentConfigException("cannot read it (" + e + ")");
        }
        return parse(json);
    }

    /** agent.json's text; relative paths in it are taken from the working directory, as ./millrace takes --config. */
    public static AgentConfig parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AgentConfigException("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr());
        }
        Section top = new Section(root, "");
        URI kinesisEndpoint = endpoint(top, "kinesis.endpoint");
        URI firehoseEndpoint = endpoint(top, "firehose.endpoint");
        String kinesisRegion = region(top, "kinesis.region", kinesisEndpoint);
        String firehoseRegion = region(top, "firehose.region", firehoseEndpoint);
        String accessKey = top.string("awsAccessKeyId", null);
        String secretKey = top.string("awsSecretAccessKey", null);
        if ((accessKey == null) != (secretKey == null)) {
            throw new AgentConfigException(top.name(accessKey == null ? "awsAccessKeyId" : "awsSecretAccessKey")
                    + ": is required with " + (accessKey == null ? "awsSecretAccessKey" : "awsAccessKeyId"));
        }
        String sessionToken = top.string("awsSessionToken", null);
        Path checkpointFile = path(top, "checkpointFile", DEFAULT_CHECKPOINT_FILE);
        CloudWatchConfig cloudWatch =
                cloudWatch(top, kinesisEndpoint != null ? kinesisEndpoint : firehoseEndpoint, kinesisRegion);
        int statusPeriod = (int) top.number("log.statusReportingPeriodSeconds", 30, 1, 86_400);
        List<Section> flowSections = top.sections("flows");
        if (flowSections.isEmpty()) {
            throw new AgentConfigException("flows: is required and must list at least one flow");
        }
        List<FlowConfig> flows = new ArrayList<>();
        for (Section flow : flowSections) {
            flows.add(flow(flow));
        }
        top.accept(AGENT_TUNING);
        top.rejectUnknown();
        return new AgentConfig(
                kinesisEndpoint,
                firehoseEndpoint,
                kinesisRegion,
                firehoseRegion,
                accessKey,
                secretKey,
                sessionToken,
                checkpointFile,
                cloudWatch,
                statusPeriod,
                List.copyOf(flows));
    }

    /** The cloudwatch.* keys, with the agent's defaults (AgentConfiguration); the endpoint defaults to Millrace's. */
    private static CloudWatchConfig cloudWatch(Section top, URI flowEndpoint, String kinesisRegion) {
        boolean emit = top.bool("cloudwatch.emitMetrics", true);
        URI endpoint = endpoint(top, "cloudwatch.endpoint");
        if (endpoint == null && flowEndpoint != null && !flowEndpoint.getHost().endsWith(".amazonaws.com")) {
            // Millrace serves PutMetricData on the endpoint it serves PutRecords on; AWS's hosts are per service.
            endpoint = flowEndpoint;
        }
        String region = top.has("cloudwatch.region")
                        || (endpoint != null
                                && REGION_IN_HOST.matcher(endpoint.getHost()).find())
                ? region(top, "cloudwatch.region", endpoint)
                : kinesisRegion;
        String namespace = top.string("cloudwatch.namespace", "AWSKinesisAgent");
        // PutMetricData: a namespace of 1 to 255 characters (API reference); the agent leaves it unchecked.
        if (namespace.isBlank() || namespace.length() > 255 || namespace.startsWith("AWS/")) {
            throw top.invalid("cloudwatch.namespace", "must be 1 to 255 characters, not starting with \"AWS/\"");
        }
        long bufferMillis = top.number("cloudwatch.metricsBufferTimeMillis", 30_000, 1_000, 3_600_000);
        int queueSize = (int) top.number("cloudwatch.metricsQueueSize", 10_000, 1, 1_000_000);
        boolean tagInstance = top.bool("cloudwatch.tagInstance", false);
        return new CloudWatchConfig(emit, endpoint, region, namespace, bufferMillis, queueSize, tagInstance);
    }

    private static FlowConfig flow(Section flow) {
        Path pattern = path(flow, "filePattern", null);
        if (pattern == null) {
            throw new AgentConfigException(flow.name("filePattern") + ": is required");
        }
        String glob = pattern.getFileName().toString();
        Path directory = pattern.getParent();
        if (directory.toString().matches(".*[*?\\[\\]{}].*")) {
            // The agent's SourceFile takes a glob in the file name only.
            throw flow.invalid("filePattern", "may have a glob in the file name only, not in \"" + directory + "\"");
        }
        boolean toKinesis = flow.has("kinesisStream");
        boolean toFirehose = flow.has("deliveryStream");
        if (toKinesis == toFirehose) {
            throw new AgentConfigException(flow.where() + ": needs exactly one of kinesisStream and deliveryStream");
        }
        Destination destination = toKinesis
                ? new Destination(Destination.Kind.KINESIS, flow.requiredString("kinesisStream"))
                : new Destination(Destination.Kind.FIREHOSE, flow.requiredString("deliveryStream"));
        if (toFirehose && flow.has("partitionKeyOption")) {
            throw flow.invalid("partitionKeyOption", "applies to kinesisStream flows only");
        }
        PartitionKeyOption partitionKey =
                flow.enumValue("partitionKeyOption", PartitionKeyOption.class, PartitionKeyOption.RANDOM);
        int batchRecords = toKinesis ? KINESIS_BATCH_RECORDS : FIREHOSE_BATCH_RECORDS;
        int batchBytes = toKinesis ? KINESIS_BATCH_BYTES : FIREHOSE_BATCH_BYTES;
        int recordBytes = toKinesis ? KINESIS_RECORD_BYTES : FIREHOSE_RECORD_BYTES;
        ConverterChain converters = ProcessingOptions.parse(flow.sections("dataProcessingOptions"));
        Pattern multiLineStart = null;
        String startPattern = flow.string("multiLineStartPattern", null);
        if (startPattern != null && !startPattern.isEmpty()) {
            try {
                multiLineStart = Pattern.compile(startPattern);
            } catch (PatternSyntaxException e) {
                throw flow.invalid("multiLineStartPattern", "is not a valid regular expression: " + e.getDescription());
            }
        }
        int skipHeaderLines = (int) flow.number("skipHeaderLines", 0, 0, Integer.MAX_VALUE);
        int maxRecordSize = (int) flow.number("maxRecordSizeBytes", recordBytes, 1, recordBytes);
        byte[] terminator = flow.string("truncatedRecordTerminator", "\n").getBytes(StandardCharsets.UTF_8);
        if (terminator.length == 0 || terminator.length >= maxRecordSize) {
            throw flow.invalid("truncatedRecordTerminator", "must be shorter than the maximum record size");
        }
        // The agent's ranges (KinesisFileFlow, FirehoseFileFlow): 1 s to 15 min, the API's batch limits.
        long maxBufferAge = flow.number("maxBufferAgeMillis", 60_000, 1_000, 900_000);
        int maxBufferRecords = (int) flow.number("maxBufferSizeRecords", batchRecords, 1, batchRecords);
        int maxBufferBytes = (int) flow.number("maxBufferSizeBytes", batchBytes, 1, batchBytes);
        InitialPosition initialPosition =
                flow.enumValue("initialPosition", InitialPosition.class, InitialPosition.END_OF_FILE);
        long retryInitial = flow.number("retryInitialBackoffMillis", 100, 1, 3_600_000);
        long retryMax = flow.number("retryMaxBackoffMillis", 10_000, retryInitial, 3_600_000);
        if (toFirehose && flow.number("aggregatedRecordSizeBytes", 0, 0, FIREHOSE_RECORD_BYTES) != 0) {
            throw flow.invalid("aggregatedRecordSizeBytes", "is not supported: records are sent one by one");
        }
        flow.accept(FLOW_TUNING);
        flow.rejectUnknown();
        return new FlowConfig(
                directory,
                glob,
                destination,
                partitionKey,
                converters,
                multiLineStart,
                skipHeaderLines,
                terminator,
                maxBufferAge,
                maxBufferRecords,
                maxBufferBytes,
                initialPosition,
                maxRecordSize,
                retryInitial,
                retryMax);
    }

    private static URI endpoint(Section section, String key) {
        String text = section.string(key, null);
        if (text == null || text.isBlank()) {
            return null;
        }
        // The agent takes a bare host name too (kinesis.us-east-1.amazonaws.com): HTTPS then.
        String withScheme = text.contains("://") ? text.trim() : "https://" + text.trim();
        try {
            URI uri = URI.create(withScheme);
            if (uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw section.invalid(key, "must be an http(s) URL or a host name, got \"" + text + "\"");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw section.invalid(key, "must be an http(s) URL or a host name, got \"" + text + "\"");
        }
    }

    /** The region given, else the one in AWS's host name (kinesis.eu-west-1.amazonaws.com), else us-east-1. */
    private static String region(Section section, String key, URI endpoint) {
        String region = section.string(key, null);
        if (region != null && !region.isBlank()) {
            return region.trim();
        }
        if (endpoint != null) {
            Matcher host = REGION_IN_HOST.matcher(endpoint.getHost());
            if (host.find()) {
                return host.group(1);
            }
        }
        return "us-east-1";
    }

    private static Path path(Section section, String key, Path fallback) {
        String text = section.string(key, null);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Path path = Path.of(text);
            return path.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw section.invalid(key, "is not a valid path: " + e.getMessage());
        }
    }
}
