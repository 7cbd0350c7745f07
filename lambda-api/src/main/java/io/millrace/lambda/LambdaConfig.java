package io.millrace.lambda;

import io.millrace.kinesis.model.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the Lambda API and its event source mapping pollers on the gateway. */
public final class LambdaConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.lambda.topic";
    public static final String STREAMS_METADATA_TOPIC = "millrace.lambda.streams-metadata-topic";
    public static final String URL_ALLOWLIST = "millrace.lambda.url-allowlist";
    public static final String INVOKE_THREADS = "millrace.lambda.invoke-threads";
    public static final String POLLERS = "millrace.lambda.pollers";
    public static final String CONCURRENT_EXECUTIONS = "millrace.lambda.concurrent-executions";
    public static final String SOURCE_MISSING_DISABLE_MS = "millrace.lambda.source-missing-disable-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_lambda",
                    Importance.LOW,
                    "Compacted one-partition topic holding every function and event source mapping, shared by"
                            + " every gateway.")
            .define(
                    STREAMS_METADATA_TOPIC,
                    Type.STRING,
                    TopicNames.DEFAULT_METADATA_TOPIC,
                    Importance.LOW,
                    "The Kinesis API's metadata topic (millrace.kinesis.metadata-topic): where the pollers read the"
                            + " shard maps and lineage of the streams they feed to functions.")
            .define(
                    URL_ALLOWLIST,
                    Type.LIST,
                    List.of(),
                    Importance.MEDIUM,
                    "URL prefixes a function's Code.ImageUri may start with (http://host:port/...). Empty: any URL;"
                            + " the gateway then calls whatever URL a caller who may CreateFunction names.")
            .define(
                    INVOKE_THREADS,
                    Type.INT,
                    16,
                    ConfigDef.Range.between(1, 1024),
                    Importance.LOW,
                    "Threads that serve the API's blocking actions and synchronous Invoke calls, and as many again for"
                            + " Event invocations: the invocations one gateway runs at once; more wait in a queue (1000,"
                            + " and 10000 for Event), past which Invoke answers TooManyRequestsException.")
            .define(
                    POLLERS,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether this gateway runs event source mapping pollers. Every gateway that does joins each"
                            + " mapping's consumer group, so the shards of a stream are shared between them.")
            .define(
                    CONCURRENT_EXECUTIONS,
                    Type.INT,
                    1000,
                    ConfigDef.Range.atLeast(100),
                    Importance.LOW,
                    "The account's concurrency (AWS's default quota, 1000): the invocations the gateways run at"
                            + " once over all functions, each gateway its share; a function's reserved concurrency is"
                            + " set aside from it, and PutFunctionConcurrency leaves at least 100 unreserved, as AWS."
                            + " An invocation past its gateway's share of its function's reservation or of the"
                            + " unreserved rest is throttled. Every gateway of a deployment must have the same value.")
            .define(
                    SOURCE_MISSING_DISABLE_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "How long an enabled event source mapping's stream (or stream consumer) may be gone (deleted,"
                            + " deregistered) before a poller disables the mapping (State Disabled, LastProcessingResult"
                            + " PROBLEM: Stream not found / Stream consumer not found). Meanwhile its"
                            + " LastProcessingResult shows the problem and no more records are read.");

    public LambdaConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }
}
