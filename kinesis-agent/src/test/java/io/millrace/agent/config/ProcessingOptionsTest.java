package io.millrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** dataProcessingOptions give the JSON the Kinesis Agent gives for the same lines. */
class ProcessingOptionsTest {

    private static String convert(String optionJson, String line) {
        String config = "{\"flows\":[{\"filePattern\":\"/tmp/x.log\",\"kinesisStream\":\"s\","
                + "\"dataProcessingOptions\":[" + optionJson + "]}]}";
        byte[] out = AgentConfigReader.parse(config)
                .flows()
                .get(0)
                .converters()
                .convert(line.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void commonApacheLog() {
        assertThat(convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"COMMONAPACHELOG\"}",
                        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326\n"))
                .isEqualTo("{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":\"frank\","
                        + "\"datetime\":\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET /apache_pb.gif HTTP/1.0\","
                        + "\"response\":\"200\",\"bytes\":\"2326\"}\n");
    }

    @Test
    void combinedApacheLog() {
        assertThat(convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"COMBINEDAPACHELOG\"}",
                        "192.168.1.5 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 304 - "
                                + "\"http://example.com/start\" \"Mozilla/5.0 (X11)\"\n"))
                .isEqualTo("{\"host\":\"192.168.1.5\",\"ident\":null,\"authuser\":null,"
                        + "\"datetime\":\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET / HTTP/1.1\","
                        + "\"response\":\"304\",\"bytes\":null,\"referer\":\"http://example.com/start\","
                        + "\"agent\":\"Mozilla/5.0 (X11)\"}\n");
    }

    @Test
    void apacheErrorLog() {
        assertThat(convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"APACHEERRORLOG\"}",
                        "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] "
                                + "[client 72.15.99.187] File does not exist: /usr/local/apache2/htdocs/favicon.ico"))
                .isEqualTo("{\"timestamp\":\"Fri Sep 09 10:42:29.902022 2011\",\"module\":\"core\","
                        + "\"severity\":\"error\",\"processid\":\"35708\",\"threadid\":\"4328636416\","
                        + "\"client\":\"72.15.99.187\","
                        + "\"message\":\"File does not exist: /usr/local/apache2/htdocs/favicon.ico\"}\n");
    }

    @Test
    void syslogAndRfc3339Syslog() {
        assertThat(
                        convert(
                                "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"SYSLOG\"}",
                                "Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages in 'ximian-red-carpet|351' (0.01878 seconds)\n"))
                .isEqualTo("{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\",\"program\":\"rcd\","
                        + "\"processid\":\"308\","
                        + "\"message\":\"Loaded 12 packages in 'ximian-red-carpet|351' (0.01878 seconds)\"}\n");
        assertThat(convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"RFC3339SYSLOG\"}",
                        "2024-03-12T12:00:08.123+01:00 web-1 sshd: Accepted publickey for ops\n"))
                .isEqualTo("{\"timestamp\":\"2024-03-12T12:00:08.123+01:00\",\"hostname\":\"web-1\","
                        + "\"program\":\"sshd\",\"processid\":null,\"message\":\"Accepted publickey for ops\"}\n");
    }

    @Test
    void aLineThatIsNotOfTheFormatIsSkipped() {
        assertThat(convert("{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"COMMONAPACHELOG\"}", "not a log line\n"))
                .isNull();
    }

    @Test
    void customFieldNamesAndMatchPattern() {
        assertThat(convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"SYSLOG\","
                                + "\"matchPattern\":\"^([\\\\w:]+) (\\\\w+)$\",\"customFieldNames\":[\"time\",\"word\"]}",
                        "12:00 hello\n"))
                .isEqualTo("{\"time\":\"12:00\",\"word\":\"hello\"}\n");
        assertThatThrownBy(() -> convert(
                        "{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"SYSLOG\",\"matchPattern\":\"^(a)$\"}", "a"))
                .isInstanceOf(AgentConfigException.class)
                .hasMessage(
                        "flows[0].dataProcessingOptions[0].customFieldNames: is required when matchPattern is given");
    }

    @Test
    void csvToJsonWithDelimiter() {
        assertThat(convert(
                        "{\"optionName\":\"CSVTOJSON\",\"customFieldNames\":[\"a\",\"b\",\"c\"],\"delimiter\":\"\\\\t\"}",
                        "1\ttwo\n"))
                .isEqualTo("{\"a\":\"1\",\"b\":\"two\",\"c\":null}\n");
    }

    @Test
    void singleLineTrimsAndJoins() {
        assertThat(convert("{\"optionName\":\"SINGLELINE\"}", "Exception:\n   at a.b(C.java:1)\n  at d\n"))
                .isEqualTo("Exception:at a.b(C.java:1)at d\n");
    }

    @Test
    void addMetadataWrapsTheRecordAndChainsInOrder() {
        assertThat(convert(
                        "{\"optionName\":\"SINGLELINE\"},"
                                + "{\"optionName\":\"ADDMETADATA\",\"metadata\":{\"host\":\"web-1\",\"tier\":2}}",
                        "  hello \n"))
                .isEqualTo("{\"metadata\":{\"host\":\"web-1\",\"tier\":2},\"data\":\"hello\"}\n");
    }

    @Test
    void unsupportedOptionsAreRefusedByName() {
        assertThatThrownBy(() -> convert("{\"optionName\":\"ADDEC2METADATA\"}", "x"))
                .isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("flows[0].dataProcessingOptions[0].optionName: ADDEC2METADATA");
        assertThatThrownBy(() -> convert("{\"optionName\":\"LOGTOJSON\",\"logFormat\":\"NGINX\"}", "x"))
                .isInstanceOf(AgentConfigException.class)
                .hasMessage("flows[0].dataProcessingOptions[0].logFormat: must be one of COMMONAPACHELOG,"
                        + " COMBINEDAPACHELOG, APACHEERRORLOG, SYSLOG, RFC3339SYSLOG, got \"NGINX\"");
    }
}
