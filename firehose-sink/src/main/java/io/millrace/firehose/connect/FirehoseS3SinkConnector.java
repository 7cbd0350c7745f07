package io.millrace.firehose.connect;

import io.millrace.firehose.config.FirehoseSinkConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A Firehose delivery stream with an S3 destination, as a Kafka Connect sink: the topic(s) of the stream's source
 * in, S3 objects out. Every task gets the same configuration; Kafka spreads the partitions over them.
 */
public final class FirehoseS3SinkConnector extends SinkConnector {
    /** Added to each task's configuration: names the task in its metrics. */
    static final String TASK_INDEX = "firehose.task.index";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        // Fails the connector (not only its tasks) on a bad configuration, with the offending key in the message.
        new FirehoseSinkConfig(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FirehoseS3SinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing held: tasks own the S3 clients and buffers.
    }

    @Override
    public ConfigDef config() {
        return FirehoseSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
