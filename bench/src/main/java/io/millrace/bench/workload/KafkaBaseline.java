package io.millrace.bench.workload;

import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The raw Kafka runs a Kinesis run is compared with, on a topic of their own that is deleted afterwards. */
public final class KafkaBaseline {

    private KafkaBaseline() {
    }

    /**
     * Writes {@code spec} with the plain producer, then (when {@code read}) reads it all back.
     *
     * @param warnings receives cleanup problems, which do not invalidate the figures
     */
    public static List<RunResult> run(String bootstrapServers, String topic, LoadSpec spec, boolean read,
                                      boolean keep, PrintWriter out, List<String> warnings) {
        List<RunResult> runs = new ArrayList<>();
        try (KafkaTopics topics = new KafkaTopics(bootstrapServers)) {
            topics.create(topic, spec.shards());
            try {
                RunResult put = new KafkaPutWorkload(bootstrapServers, topic, spec).run("kafka put", out);
                runs.add(put);
                if (read) {
                    runs.add(new KafkaReadWorkload(bootstrapServers, topic, spec.shards(), spec.duration())
                            .run("kafka read", out));
                }
            } finally {
                if (!keep) {
                    String warning = topics.delete(topic);
                    if (warning != null) {
                        warnings.add(warning);
                    }
                }
            }
        }
        return runs;
    }
}
