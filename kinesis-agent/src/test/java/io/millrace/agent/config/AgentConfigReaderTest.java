package io.millrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.agent.config.FlowConfig.InitialPosition;
import io.millrace.agent.config.FlowConfig.PartitionKeyOption;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentConfigReaderTest {

    /** The example of AWS's "Writing to Amazon Kinesis Data Streams using Kinesis Agent", pointed at Millrace. */
    @Test
    void readsTheDocumentedExample() {
        AgentConfig config = AgentConfigReader.parse("""
                {
                  "cloudwatch.emitMetrics": true,
                  "kinesis.endpoint": "http://127.0.0.1:4567",
                  "firehose.endpoint": "firehose.eu-west-1.amazonaws.com",
                  "awsAccessKeyId": "AKIDEXAMPLE",
                  "awsSecretAccessKey": "secret",
                  "checkpointFile": "/tmp/agent/checkpoints",
                  "maxSendingThreads": 8,
                  "flows": [
                    {
                      "filePattern": "/tmp/app.log*",
                      "kinesisStream": "yourkinesisstream",
                      "partitionKeyOption": "DETERMINISTIC",
                      "initialPosition": "START_OF_FILE",
                      "maxBufferAgeMillis": "1000",
                      "multiLineStartPattern": "^\\\\[",
                      "skipHeaderLines": 1
                    },
                    {
                      "filePattern": "/tmp/access.log",
                      "deliveryStream": "yourdeliverystream",
                      "dataProcessingOptions": [{"optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG"}]
                    }
                  ]
                }
                """);
        assertThat(config.kinesisEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(config.kinesisRegion()).isEqualTo("us-east-1");
        assertThat(config.firehoseEndpoint()).isEqualTo(URI.create("https://firehose.eu-west-1.amazonaws.com"));
        assertThat(config.firehoseRegion()).isEqualTo("eu-west-1");
        assertThat(config.checkpointFile()).isEqualTo(Path.of("/tmp/agent/checkpoints"));
        // No cloudwatch.endpoint: the Kinesis endpoint, which serves CloudWatch too; the agent's defaults otherwise.
        assertThat(config.cloudWatch())
                .isEqualTo(new CloudWatchConfig(
                        true,
                        URI.create("http://127.0.0.1:4567"),
                        "us-east-1",
                        "AWSKinesisAgent",
                        30_000,
                        10_000,
                        false));
        FlowConfig kinesis = config.flows().get(0);
        assertThat(kinesis.directory()).isEqualTo(Path.of("/tmp"));
        assertThat(kinesis.fileGlob()).isEqualTo("app.log*");
        assertThat(kinesis.destination()).isEqualTo(new Destination(Destination.Kind.KINESIS, "yourkinesisstream"));
        assertThat(kinesis.partitionKeyOption()).isEqualTo(PartitionKeyOption.DETERMINISTIC);
        assertThat(kinesis.initialPosition()).isEqualTo(InitialPosition.START_OF_FILE);
        assertThat(kinesis.maxBufferAgeMillis()).isEqualTo(1000);
        assertThat(kinesis.maxBufferSizeRecords()).isEqualTo(500);
        assertThat(kinesis.maxBufferSizeBytes()).isEqualTo(5 * 1024 * 1024);
        assertThat(kinesis.skipHeaderLines()).isEqualTo(1);
        FlowConfig firehose = config.flows().get(1);
        assertThat(firehose.destination().kind()).isEqualTo(Destination.Kind.FIREHOSE);
        assertThat(firehose.maxBufferSizeBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(firehose.maxRecordSizeBytes()).isEqualTo(1000 * 1024);
        assertThat(firehose.initialPosition()).isEqualTo(InitialPosition.END_OF_FILE);
        assertThat(firehose.converters().size()).isEqualTo(1);
    }

    private static void assertRejected(String json, String message) {
        assertThatThrownBy(() -> AgentConfigReader.parse(json))
                .isInstanceOf(AgentConfigException.class)
                .hasMessage(message);
    }

    @Test
    void unknownKeysAndBadValuesAreNamed() {
        assertRejected(
                "{\"kinesis.endpiont\":\"x\",\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\"}]}",
                "kinesis.endpiont: unknown key");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\",\"maxBufferSizeRecords\":501}]}",
                "flows[0].maxBufferSizeRecords: must be between 1 and 500, got 501");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/a\",\"deliveryStream\":\"s\",\"maxBufferSizeBytes\":5242880}]}",
                "flows[0].maxBufferSizeBytes: must be between 1 and 4194304, got 5242880");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\",\"initialPosition\":\"MIDDLE\"}]}",
                "flows[0].initialPosition: must be one of START_OF_FILE, END_OF_FILE, got \"MIDDLE\"");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\",\"partitionKey\":\"RANDOM\"}]}",
                "flows[0].partitionKey: unknown key");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\",\"deliveryStream\":\"d\"}]}",
                "flows[0]: needs exactly one of kinesisStream and deliveryStream");
        assertRejected("{\"flows\":[]}", "flows: is required and must list at least one flow");
        assertRejected(
                "{\"flows\":[{\"filePattern\":\"/var/*/a.log\",\"kinesisStream\":\"s\"}]}",
                "flows[0].filePattern: may have a glob in the file name only, not in \"/var/*\"");
        assertRejected(
                "{\"cloudwatch.namespace\":\"AWS/Kinesis\",\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\"}]}",
                "cloudwatch.namespace: must be 1 to 255 characters, not starting with \"AWS/\"");
        assertRejected(
                "{\"cloudwatch.metricsBufferTimeMillis\":10,\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\"}]}",
                "cloudwatch.metricsBufferTimeMillis: must be between 1000 and 3600000, got 10");
        assertRejected(
                "{\"cloudwatch.emitMetrics\":\"maybe\",\"flows\":[{\"filePattern\":\"/a\",\"kinesisStream\":\"s\"}]}",
                "cloudwatch.emitMetrics: must be true or false, got \"maybe\"");
    }

    /** AWS's hosts serve one service each: metrics then go to AWS's CloudWatch of the region, or where configured. */
    @Test
    void cloudWatchGoesToAwsOrWhereConfigured() {
        AgentConfig aws = AgentConfigReader.parse("""
                {"kinesis.endpoint": "kinesis.eu-west-1.amazonaws.com",
                 "flows": [{"filePattern": "/a", "kinesisStream": "s"}]}
                """);
        assertThat(aws.cloudWatch().endpoint()).isNull();
        assertThat(aws.cloudWatch().region()).isEqualTo("eu-west-1");
        assertThat(aws.cloudWatch().emitMetrics()).isTrue();
        AgentConfig configured = AgentConfigReader.parse("""
                {"kinesis.endpoint": "http://127.0.0.1:4567",
                 "cloudwatch.endpoint": "monitoring.ap-south-1.amazonaws.com",
                 "cloudwatch.namespace": "MyAgents", "cloudwatch.metricsBufferTimeMillis": 5000,
                 "cloudwatch.metricsQueueSize": "20", "cloudwatch.tagInstance": true,
                 "flows": [{"filePattern": "/a", "kinesisStream": "s"}]}
                """);
        assertThat(configured.cloudWatch())
                .isEqualTo(new CloudWatchConfig(
                        true,
                        URI.create("https://monitoring.ap-south-1.amazonaws.com"),
                        "ap-south-1",
                        "MyAgents",
                        5_000,
                        20,
                        true));
    }
}
