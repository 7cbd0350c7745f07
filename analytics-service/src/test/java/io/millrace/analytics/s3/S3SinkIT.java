package io.millrace.analytics.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A job's results written to S3 (S3Proxy in-process) through the filesystem connector with checkpoints, configured
 * by {@link S3Options} only, and read back from the store: every result once, no leftover in-progress part.
 */
class S3SinkIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String BUCKET = "results";
    private static final TransientNio2BlobStore STORE = new TransientNio2BlobStore();
    private static S3Proxy proxy;

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(STORE)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-key", "test-secret")
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(20);
        }
        STORE.createContainer(BUCKET);
        Configuration options = new Configuration();
        options.set(S3Options.ENDPOINT, "http://127.0.0.1:" + proxy.getPort());
        options.set(S3Options.PATH_STYLE_ACCESS, true);
        options.set(S3Options.ACCESS_KEY_ID, "test-key");
        options.set(S3Options.SECRET_ACCESS_KEY, "test-secret");
        S3FileSystems.initialize(options);
    }

    @AfterAll
    static void stopS3() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        proxy.stop();
    }

    @Test
    void aJobsResultsLandInS3OnceEach() throws Exception {
        String stream = TestStreams.uniqueStream("to-s3");
        TestStreams.createStream(stream, 2);
        List<StreamRecord> records = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new StreamRecord(i % 2, "k" + i, "{\"n\": " + i + "}", 1_700_000_000_000L + i));
            expected.add("{\"n\":" + i + ",\"twice\":" + (2 * i) + "}");
        }
        TestStreams.put(stream, records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env);
        tableEnv.executeSql("CREATE TABLE numbers (n INT) WITH ('connector' = 'millrace', 'stream' = '" + stream
                + "', 'format' = 'json', 'bootstrap.servers' = '" + TestStreams.bootstrapServers() + "',"
                + " 'scan.bounded.mode' = 'latest')");
        tableEnv.executeSql("CREATE TABLE results (n INT, twice INT) WITH ('connector' = 'filesystem',"
                + " 'path' = 's3://" + BUCKET + "/doubled', 'format' = 'json')");

        tableEnv.executeSql("INSERT INTO results SELECT n, 2 * n FROM numbers").await();

        List<String> keys = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (S3Object object : STORE.list(
                        ListObjectsV2Request.builder().bucket(BUCKET).build())
                .contents()) {
            keys.add(object.key());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    STORE.getBlob(GetObjectRequest.builder()
                            .bucket(BUCKET)
                            .key(object.key())
                            .build()),
                    StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            }
        }
        assertThat(keys)
                .allSatisfy(key -> assertThat(key).startsWith("doubled/part-").doesNotContain("inprogress"));
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }
}
