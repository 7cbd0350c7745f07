package io.millrace.console;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Every key of the web console. */
public final class ConsoleConfig extends AbstractConfig {

    public static final String TOPIC = "millrace.console.topic";
    public static final String HOUSEKEEPING_INTERVAL_MS = "millrace.console.housekeeping-interval-ms";
    public static final String SQL_TIME_LIMIT_MS = "millrace.console.sql-time-limit-ms";

    static final ConfigDef DEF = new ConfigDef()
            .define(
                    TOPIC,
                    Type.STRING,
                    "__millrace_console",
                    Importance.LOW,
                    "Compacted one-partition topic holding the console's sign-in sessions (by the digest of their"
                            + " id), shared by every gateway: a user signed in on one gateway is signed in on all.")
            .define(
                    HOUSEKEEPING_INTERVAL_MS,
                    Type.LONG,
                    600_000L,
                    ConfigDef.Range.atLeast(1_000),
                    Importance.LOW,
                    "How often a gateway deletes the sessions that have expired from the topic (an expired"
                            + " session is refused at once either way).")
            .define(
                    SQL_TIME_LIMIT_MS,
                    Type.LONG,
                    600_000L,
                    ConfigDef.Range.atLeast(10_000),
                    Importance.LOW,
                    "How long an ad-hoc query of the SQL page may run: its application and temporary stream are"
                            + " deleted by then even if its page was never closed properly (any gateway checks a"
                            + " quarter of this, at most every minute).");

    public ConsoleConfig(Map<String, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }
}
