package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.UrlAllowlist;
import io.millrace.firehose.processing.SubRecordSplitter;
import io.millrace.gateway.protocol.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ProcessingConfiguration through CreateDeliveryStream's translation: keys produced and AWS-shaped refusals. */
class ProcessingTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:enrich";
    private static final TranslationEnvironment ENV = new TranslationEnvironment(
            "http://127.0.0.1:9000",
            "us-east-1",
            "AKID",
            "SECRET",
            true,
            "firehose-",
            "",
            1,
            Map.of(FUNCTION_ARN, "http://10.0.0.7:8080/enrich"));
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";

    private static ObjectNode request(ArrayNode processors, boolean enabled) {
        ObjectNode req = JSON.createObjectNode();
        req.put("DeliveryStreamName", "s");
        ObjectNode dest = req.putObject("ExtendedS3DestinationConfiguration");
        dest.put("RoleARN", ROLE).put("BucketARN", "arn:aws:s3:::lake");
        ObjectNode processing = dest.putObject("ProcessingConfiguration");
        processing.put("Enabled", enabled);
        processing.set("Processors", processors);
        return req;
    }

    private static ArrayNode processors(Object... typeAndParams) {
        ArrayNode list = JSON.createArrayNode();
        ObjectNode current = null;
        for (Object o : typeAndParams) {
            String s = (String) o;
            if (!s.contains("=")) {
                current = list.addObject().put("Type", s);
                current.putArray("Parameters");
            } else {
                String[] kv = s.split("=", 2);
                ((ArrayNode) current.get("Parameters"))
                        .addObject()
                        .put("ParameterName", kv[0])
                        .put("ParameterValue", kv[1]);
            }
        }
        return list;
    }

    private static Map<String, String> translate(Object... typeAndParams) {
        return DeliveryStreamTranslator.translate(request(processors(typeAndParams), true), ENV);
    }

    @Test
    void lambdaDeAggregationAndDelimiterBecomeConnectorKeysTheConnectorAccepts() {
        Map<String, String> c = translate(
                "RecordDeAggregation",
                "SubRecordType=DELIMITED",
                "Delimiter=IyMjIw==",
                "Lambda",
                "LambdaArn=" + FUNCTION_ARN,
                "NumberOfRetries=5",
                "BufferSizeInMBs=0.5",
                "BufferIntervalInSeconds=120",
                "RoleArn=" + ROLE,
                "AppendDelimiterToRecord");
        assertThat(c)
                .containsEntry(ProcessingKeys.PROCESSING_SUB_RECORD_TYPE, "DELIMITED")
                .containsEntry(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER, "IyMjIw==")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "http://10.0.0.7:8080/enrich")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_ARN, FUNCTION_ARN)
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_RETRIES, "5")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_SIZE_MB, "0.5")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_INTERVAL_SECONDS, "120")
                .containsEntry(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        FirehoseSinkConfig config = new FirehoseSinkConfig(c);
        assertThat(config.lambdaSettings().numberOfRetries()).isEqualTo(5);
        assertThat(config.lambdaSettings().bufferSizeBytes()).isEqualTo(512 * 1024);
        assertThat(config.lambdaSettings().lambdaArn()).isEqualTo(FUNCTION_ARN);
        assertThat(SubRecordSplitter.of(config)).isNotNull();
    }

    @Test
    void urlsAndJavaClassesAreFunctionsAsTheyAreAndDefaultsAreAws() {
        Map<String, String> url = translate("Lambda", "LambdaArn=https://fn.example.com/x");
        assertThat(url)
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "https://fn.example.com/x")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_RETRIES, "3")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_SIZE_MB, "1")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_INTERVAL_SECONDS, "60");
        assertThat(translate("Lambda", "LambdaArn=java:com.example.Enrich"))
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "java:com.example.Enrich");
        // Disabled: checked, not applied.
        assertThat(DeliveryStreamTranslator.translate(
                        request(processors("Lambda", "LambdaArn=java:com.example.Enrich"), false), ENV))
                .doesNotContainKey(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION);
    }

    @Test
    void inSignedModeAFunctionUrlMustMatchTheOperatorsAllowlistAndTheSinkChecksItAgain() {
        TranslationEnvironment signed = new TranslationEnvironment(
                ENV.s3Endpoint(),
                ENV.s3Region(),
                ENV.accessKeyId(),
                ENV.secretAccessKey(),
                ENV.pathStyleAccess(),
                ENV.directPutTopicPrefix(),
                ENV.kinesisTopicPrefix(),
                ENV.tasksMax(),
                ENV.lambdaFunctionUrls(),
                Map.of(),
                StateKeys.DEFAULT_SEGMENT_LOG_TOPIC,
                StateKeys.DEFAULT_HEALTH_TOPIC,
                UrlAllowlist.parse(List.of("https://fn.example.com/")),
                true,
                true,
                "",
                ENV.cloudWatchIntervalMs(),
                Map.of(),
                "");

        for (String internal : List.of(
                "http://127.0.0.1:8083/connectors",
                "http://169.254.169.254/latest/meta-data/",
                "https://fn.example.org/")) {
            assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                            request(processors("Lambda", "LambdaArn=" + internal), true), signed))
                    .as(internal)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.type()).isEqualTo("InvalidArgumentException");
                        assertThat(e.getMessage())
                                .isEqualTo("LambdaArn " + internal + " is not an allowed function URL: this platform"
                                        + " calls only the URLs its operator allows"
                                        + " (millrace.firehose.processing.url-allowlist).");
                    });
        }

        Map<String, String> allowed = DeliveryStreamTranslator.translate(
                request(processors("Lambda", "LambdaArn=https://fn.example.com/x"), true), signed);
        assertThat(allowed)
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED, "true")
                .containsEntry(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST, "https://fn.example.com/");
        assertThat(new FirehoseSinkConfig(allowed)
                        .lambdaSettings()
                        .urlAllowlist()
                        .allows("https://fn.example.com/x"))
                .isTrue();
        // An ARN's URL is the operator's own mapping: allowed, and named to the sink.
        assertThat(DeliveryStreamTranslator.translate(
                        request(processors("Lambda", "LambdaArn=" + FUNCTION_ARN), true), signed))
                .containsEntry(
                        ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST,
                        "https://fn.example.com/,http://10.0.0.7:8080/enrich");
        // A stream stored before the gateway was signed: translated, and the sink refuses to call its URL.
        Map<String, String> stored = DeliveryStreamTranslator.translate(
                request(processors("Lambda", "LambdaArn=http://127.0.0.1:8083/connectors"), true),
                signed.forStoredStream());
        assertThat(stored).containsEntry(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED, "true");
        assertThatThrownBy(() -> new FirehoseSinkConfig(stored))
                .hasMessageContaining("matches no entry of " + ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST);
        // Open mode (ENV): any URL, nothing enforced.
        assertThat(translate("Lambda", "LambdaArn=http://127.0.0.1:8083/connectors"))
                .doesNotContainKey(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED);
    }

    @Test
    void kinesisSourceTurnsOnKplDeAggregationAndNamesTheStream() {
        ObjectNode req = request(processors("Lambda", "LambdaArn=java:com.example.Enrich"), true);
        req.put("DeliveryStreamType", "KinesisStreamAsSource");
        req.putObject("KinesisStreamSourceConfiguration")
                .put("RoleARN", ROLE)
                .put("KinesisStreamARN", "arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
        assertThat(DeliveryStreamTranslator.translate(req, ENV))
                .containsEntry(ProcessingKeys.PROCESSING_KPL_DEAGGREGATION, "true")
                .containsEntry(
                        ProcessingKeys.SOURCE_KINESIS_STREAM_ARN,
                        "arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
    }

    @Test
    void refusesWhatFirehoseRefuses() {
        expect("ValidationException", "Member must satisfy enum value set", "Transmogrify");
        expect("ValidationException", "parameterName", "Lambda", "Colour=red");
        expect("ValidationException", "parameterValue", "Lambda", "LambdaArn=   ");
        expect("InvalidArgumentException", "LambdaArn is required", "Lambda");
        expect(
                "InvalidArgumentException",
                "not supported for processor type Lambda",
                "Lambda",
                "LambdaArn=java:a.B",
                "SubRecordType=JSON");
        expect(
                "InvalidArgumentException",
                "NumberOfRetries must be between 0 and 300",
                "Lambda",
                "LambdaArn=java:a.B",
                "NumberOfRetries=301");
        expect(
                "InvalidArgumentException",
                "NumberOfRetries must be an integer",
                "Lambda",
                "LambdaArn=java:a.B",
                "NumberOfRetries=three");
        expect(
                "InvalidArgumentException",
                "BufferSizeInMBs must be between 0.2 and 3",
                "Lambda",
                "LambdaArn=java:a.B",
                "BufferSizeInMBs=0.1");
        expect(
                "InvalidArgumentException",
                "BufferIntervalInSeconds must be between 0 and 900",
                "Lambda",
                "LambdaArn=java:a.B",
                "BufferIntervalInSeconds=901");
        expect(
                "InvalidArgumentException",
                "is not known to this platform",
                "Lambda",
                "LambdaArn=arn:aws:lambda:us-east-1:123456789012:function:unknown");
        expect("InvalidArgumentException", "is not a Lambda function ARN", "Lambda", "LambdaArn=enrich");
        expect("InvalidArgumentException", "SubRecordType is required", "RecordDeAggregation");
        expect("InvalidArgumentException", "must be JSON or DELIMITED", "RecordDeAggregation", "SubRecordType=XML");
        expect(
                "InvalidArgumentException",
                "base64-encoded",
                "RecordDeAggregation",
                "SubRecordType=DELIMITED",
                "Delimiter=###");
        expect("InvalidArgumentException", "more than once", "AppendDelimiterToRecord", "AppendDelimiterToRecord");
        expect("InvalidArgumentException", "not supported yet", "Decompression", "CompressionFormat=GZIP");
    }

    private static void expect(String errorType, String message, String... typeAndParams) {
        assertThatThrownBy(() -> translate((Object[]) typeAndParams))
                .as(String.join(" ", typeAndParams))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(errorType))
                .hasMessageContaining(message);
    }
}
