package io.millrace.dynamodb;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the DynamoDB API on the gateway. */
public final class DynamoDbConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.dynamodb.topic";
    public static final String READER_THREADS = "millrace.dynamodb.reader-threads";
    public static final String REPAIR_INTERVAL_MS = "millrace.dynamodb.repair-interval-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_dynamodb",
                    Importance.LOW,
                    "Compacted one-partition topic holding every table and item, shared by every gateway.")
            .define(
                    READER_THREADS,
                    Type.INT,
                    2,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Threads that run Query, Scan, BatchGetItem and BatchWriteItem, off the gateway's I/O threads.")
            .define(
                    REPAIR_INTERVAL_MS,
                    Type.LONG,
                    60_000L,
                    ConfigDef.Range.atLeast(1000),
                    Importance.LOW,
                    "How often a gateway re-publishes items whose last record lost a compare-and-set, so that"
                            + " compaction keeps the winner.");

    public DynamoDbConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }
}
