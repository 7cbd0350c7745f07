package io.millrace.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two signed-mode gateways behind one imaginary load balancer, each with its console on the same session topic: a
 * user signed in through one is signed in on the other at once, a sign-out on either ends the session on both, and
 * the topic holds no cookie a reader could replay.
 */
class ConsoleSessionsIT {

    private static final String ROOT_KEY = "AKIACONSOLESESSIONS1";
    private static final String ROOT_SECRET = "console-sessions-secret";
    private static final String TOPIC = "__millrace_console_sessions_it";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static KinesisService kinesis;
    private static ConsoleService firstConsole;
    private static ConsoleService secondConsole;
    private static Gateway first;
    private static Gateway second;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        kinesis = KinesisService.start(new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                bootstrap,
                KinesisConfig.PORT,
                "0",
                KinesisConfig.SHARD_LIMITS,
                "off")));
        firstConsole = console(bootstrap);
        secondConsole = console(bootstrap);
        first = signedGateway(bootstrap, firstConsole);
        second = signedGateway(bootstrap, secondConsole);
    }

    private static ConsoleService console(String bootstrap) throws Exception {
        return ConsoleService.start(
                new ConsoleConfig(Map.of(ConsoleConfig.TOPIC, TOPIC)),
                Map.of("bootstrap.servers", bootstrap),
                Duration.ofSeconds(5),
                "");
    }

    private static Gateway signedGateway(String bootstrap, ConsoleService console) throws Exception {
        return Gateway.start(
                new GatewayConfig(Map.of(
                        GatewayConfig.BOOTSTRAP_SERVERS,
                        bootstrap,
                        GatewayConfig.PORT,
                        "0",
                        GatewayConfig.AUTH_MODE,
                        "signed",
                        GatewayConfig.CREDENTIALS,
                        ROOT_KEY + ":" + ROOT_SECRET)),
                List.of(kinesis, console));
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(second, first, secondConsole, firstConsole, kinesis);
    }

    @Test
    void aSessionStartedOnOneGatewayWorksAndEndsOnTheOther() throws Exception {
        String cookie = signIn(first);

        HttpResponse<String> onSecond = get(second, "/console/streams", cookie);
        assertThat(onSecond.statusCode()).isEqualTo(200);
        assertThat(onSecond.body()).contains("arn:aws:iam::000000000000:root");

        Matcher csrf = CSRF.matcher(onSecond.body());
        assertThat(csrf.find()).as("the page's form token").isTrue();
        HttpResponse<String> signOut = post(second, "/console/signout", cookie, "csrf=" + csrf.group(1));
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(signOut.headers().firstValue("location")).hasValue("/console/signin");

        HttpResponse<String> onFirst = get(first, "/console/streams", cookie);
        assertThat(onFirst.statusCode()).isEqualTo(303);
        assertThat(onFirst.headers().firstValue("location")).hasValue("/console/signin");
        assertThat(post(first, "/console/streams", cookie, "csrf=" + csrf.group(1) + "&name=x&shards=1")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aFormTokenOfOneGatewaysPageIsGoodOnTheOther() throws Exception {
        String cookie = signIn(first);
        Matcher csrf = CSRF.matcher(get(first, "/console/streams", cookie).body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> created = post(
                second,
                "/console/streams",
                cookie,
                "csrf=" + csrf.group(1) + "&name=sessions-it&mode=PROVISIONED&shards=1");

        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("location").orElse("")).startsWith("/console/streams");
    }

    @Test
    void aForgedOrUnknownCookieIsNoSession() throws Exception {
        assertThat(get(first, "/console/streams", "not-a-session").statusCode()).isEqualTo(303);
        assertThat(get(second, "/console/streams", "A".repeat(43)).statusCode()).isEqualTo(303);
    }

    @Test
    void theTopicHoldsDigestsNotCookies() throws Exception {
        String cookie = signIn(second);

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        EmbeddedKafka.shared().bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            StringBuilder everything = new StringBuilder();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    everything.append(record.key()).append(' ');
                    if (record.value() != null) {
                        everything.append(new String(record.value(), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            assertThat(everything.toString())
                    .contains("session/" + sha256Hex(cookie))
                    .doesNotContain(cookie);
        }
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Signs in with the root key through the form; returns the session cookie's value. */
    private static String signIn(Gateway gateway) throws Exception {
        String form = "accessKeyId=" + URLEncoder.encode(ROOT_KEY, StandardCharsets.UTF_8) + "&secretAccessKey="
                + URLEncoder.encode(ROOT_SECRET, StandardCharsets.UTF_8);
        HttpResponse<String> answer = post(gateway, "/console/signin", null, form);
        assertThat(answer.statusCode()).isEqualTo(303);
        String setCookie = answer.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("millrace_console=").contains("HttpOnly", "SameSite=Strict");
        return setCookie.substring("millrace_console=".length(), setCookie.indexOf(';'));
    }

    private static HttpResponse<String> get(Gateway gateway, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(gateway, path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", "millrace_console=" + cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Gateway gateway, String path, String cookie, String form)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(gateway, path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + gateway.port());
        if (cookie != null) {
            request.header("Cookie", "millrace_console=" + cookie);
        }
        return HTTP.send(
                request.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(Gateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
