package io.millrace.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.firehose.api.FirehoseService;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The console as a user sees it, in Debian's Chromium (headless, driven through its chromedriver by Selenium): the
 * streams the SDK created, a record the SDK put shown in the data viewer, a chart that gets points while a producer
 * writes, a stream created and rescaled from the console's forms, a delivery stream's page, and signed mode's
 * sign-in. One browser and one pair of gateways (open and signed) serve the whole class; the delivery stream's test
 * starts a gateway of its own (Firehose on its test stack). The SQL page has {@link ConsoleSqlPageIT}. Screenshots of
 * the pages land in {@code target/screenshots}.
 */
class ConsoleBrowserIT {

    private static final String ROOT_KEY = "AKIACONSOLEROOT";
    private static final String ROOT_SECRET = "console-root-secret";

    private static KinesisService kinesis;
    private static ConsoleService openConsole;
    private static ConsoleService signedConsole;
    private static Gateway open;
    private static Gateway signed;
    private static KinesisClient sdk;
    private static ConsolePages pages;
    private static ChromeDriver browser;
    private static FirehoseService firehose;
    private static ConsoleService firehoseConsole;
    private static Gateway firehoseGateway;

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
        // Points every second rather than every 5, so that a chart moves within the test's patience.
        openConsole = ConsoleService.start(
                new ConsoleConfig(Map.of(ConsoleConfig.TOPIC, "__millrace_console_browser_it")),
                Map.of("bootstrap.servers", bootstrap),
                Duration.ofSeconds(1),
                "");
        signedConsole = ConsoleService.start(
                new ConsoleConfig(Map.of(ConsoleConfig.TOPIC, "__millrace_console_browser_it")),
                Map.of("bootstrap.servers", bootstrap),
                Duration.ofSeconds(1),
                "");
        open = Gateway.start(
                new GatewayConfig(Map.of(GatewayConfig.BOOTSTRAP_SERVERS, bootstrap, GatewayConfig.PORT, "0")),
                List.of(kinesis, openConsole));
        signed = Gateway.start(
                new GatewayConfig(Map.of(
                        GatewayConfig.BOOTSTRAP_SERVERS,
                        bootstrap,
                        GatewayConfig.PORT,
                        "0",
                        GatewayConfig.AUTH_MODE,
                        "signed",
                        GatewayConfig.CREDENTIALS,
                        ROOT_KEY + ":" + ROOT_SECRET)),
                List.of(kinesis, signedConsole));
        sdk = LocalClients.pointedAt(
                        KinesisClient.builder(), URI.create("http://127.0.0.1:" + open.port()), Duration.ofSeconds(30))
                .build();
        pages = new ConsolePages();
        browser = pages.browser();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        Closeables.closeAll(
                pages, firehoseGateway, firehoseConsole, firehose, signed, open, signedConsole, openConsole, kinesis);
    }

    @Test
    void theStreamsListShowsAStreamCreatedThroughTheSdk() throws IOException {
        String stream = pages.createStream(sdk, 2);
        browser.get(ConsolePages.url(open, "/streams"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-stream='" + stream + "']"));
        assertThat(row.findElement(By.className("status")).getText()).isEqualTo("ACTIVE");
        assertThat(row.findElement(By.className("shards")).getText()).isEqualTo("2");
        pages.screenshot("streams");
    }

    @Test
    void aRecordPutThroughTheSdkAppearsInTheDataViewer() throws IOException {
        String stream = pages.createStream(sdk, 1);
        String sequence = sdk.putRecord(b -> b.streamName(stream)
                        .partitionKey("order-17")
                        .data(SdkBytes.fromUtf8String("{\"order\":17,\"total\":9.5}")))
                .sequenceNumber();
        browser.get(ConsolePages.url(open, "/streams/" + stream));
        pages.clickToLoad(By.linkText("View data"));
        new Select(browser.findElement(By.name("format"))).selectByVisibleText("json");
        pages.clickToLoad(By.cssSelector("#viewer button"));
        WebElement record = pages.awaitElement(By.cssSelector("tr.record"));
        assertThat(record.findElement(By.className("pk")).getText()).isEqualTo("order-17");
        assertThat(record.findElement(By.className("seq")).getText()).isEqualTo(sequence);
        assertThat(record.findElement(By.className("data")).getText())
                .isEqualTo("{\n  \"order\" : 17,\n  \"total\" : 9.5\n}");
        assertThat(record.findElement(By.className("arrival")).getText()).endsWith("Z");
        pages.screenshot("data-viewer");

        // The same record from its sequence number, in hex.
        browser.get(ConsolePages.url(
                open,
                "/streams/" + stream + "/data?shard=shardId-000000000000"
                        + "&position=AT_SEQUENCE_NUMBER&format=hex&sequence=" + sequence));
        assertThat(browser.findElement(By.cssSelector("tr.record .data")).getText())
                .startsWith("7b 22 6f 72");
    }

    @Test
    void aChartGetsPointsWhileAProducerWrites() throws IOException {
        String stream = pages.createStream(sdk, 1);
        browser.get(ConsolePages.url(open, "/streams/" + stream));
        WebElement bytes = browser.findElement(By.id("chart-bytes"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            sdk.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x".repeat(500))));
            String points = bytes.getDomAttribute("data-points");
            return points != null && Integer.parseInt(points) >= 2;
        });
        assertThat(bytes.findElements(By.tagName("canvas"))).isNotEmpty();
        String json = ConsolePages.get(open, "/api/streams/" + stream + "/metrics", null)
                .body();
        assertThat(json).matches("(?s).*\"incomingBytes\":\\[[^\\]]*[1-9][0-9]*(\\.[0-9]+)?[,\\]].*");
        pages.screenshot("stream");
    }

    @Test
    void theFanOutChartsGetAConsumersPointsWhileItReads() throws Exception {
        String stream = pages.createStream(sdk, 1);
        String streamArn = sdk.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = sdk.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("charted"))
                .consumer()
                .consumerARN();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(driver -> sdk.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                .consumerDescription()
                                .consumerStatus()
                        == ConsumerStatus.ACTIVE);
        try (FanOutReader reader = new FanOutReader(URI.create("http://127.0.0.1:" + open.port()), consumerArn)) {
            browser.get(ConsolePages.url(open, "/streams/" + stream));
            WebElement bytes = browser.findElement(By.id("chart-fanout-bytes"));
            WebElement age = browser.findElement(By.id("chart-fanout-age"));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
                sdk.putRecord(
                        b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("y".repeat(400))));
                String points = bytes.getDomAttribute("data-points");
                return reader.received() > 0 && points != null && Integer.parseInt(points) >= 2;
            });
            assertThat(bytes.getDomAttribute("data-consumers")).isEqualTo("charted");
            assertThat(age.getDomAttribute("data-consumers")).isEqualTo("charted");
            assertThat(Integer.parseInt(age.getDomAttribute("data-points"))).isGreaterThanOrEqualTo(2);
            assertThat(bytes.findElements(By.tagName("canvas"))).isNotEmpty();
            assertThat(age.findElements(By.tagName("canvas"))).isNotEmpty();
            String json = ConsolePages.get(open, "/api/streams/" + stream + "/metrics", null)
                    .body();
            assertThat(json)
                    .matches(
                            "(?s).*\"consumers\":\\{\"charted\":\\{\"fanOutBytes\":\\[[^\\]]*[1-9][0-9]*(\\.[0-9]+)?[,\\]].*")
                    .contains("\"millisBehindLatest\":[");
            pages.screenshot("stream-fan-out");
        }
    }

    @Test
    void aStreamCreatedAndRescaledFromTheConsoleIsWhatTheApiDescribes() throws IOException {
        String stream = "console-made-" + UUID.randomUUID().toString().substring(0, 8);
        browser.get(ConsolePages.url(open, "/streams"));
        browser.findElement(By.cssSelector("#create-stream input[name=name]")).sendKeys(stream);
        WebElement shards = browser.findElement(By.cssSelector("#create-stream input[name=shards]"));
        shards.clear();
        shards.sendKeys("1");
        pages.clickToLoad(By.cssSelector("#create-stream button"));
        pages.awaitUrlEndingWith("/console/streams/" + stream);
        pages.awaitActive(sdk, stream);
        assertThat(sdk.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(1);

        browser.navigate().refresh();
        WebElement target = browser.findElement(By.cssSelector("#update-shard-count input[name=target]"));
        target.clear();
        target.sendKeys("2");
        pages.clickToLoad(By.cssSelector("#update-shard-count button"));
        pages.awaitActive(sdk, stream);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            driver.navigate().refresh();
            return driver.findElements(By.cssSelector("tr.shard.open")).size() == 2;
        });
        List<Shard> children = sdk.listShards(b -> b.streamName(stream)).shards().stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .toList();
        assertThat(children).hasSize(2);
        for (Shard child : children) {
            assertThat(browser.findElement(By.cssSelector("tr[data-shard='" + child.shardId() + "'] .lineage"))
                            .getText())
                    .startsWith("shardId-000000000000");
        }
        assertThat(browser.findElement(By.cssSelector("tr[data-shard='shardId-000000000000']"))
                        .getDomAttribute("class"))
                .contains("closed");
        pages.screenshot("stream-after-rescale");
    }

    @Test
    void aShardSplitAndMergedFromTheStreamPageIsDrawnAsLineage() throws IOException {
        String stream = pages.createStream(sdk, 1);
        browser.get(ConsolePages.url(open, "/streams/" + stream));
        // The split form proposes the middle of the shard's range; no key typed means that one.
        pages.clickToLoad(By.cssSelector("#split-shard button"));
        List<Shard> children = awaitOpenShards(stream, 2);
        assertThat(children)
                .extracting(c -> c.hashKeyRange().startingHashKey())
                .containsExactlyInAnyOrder("0", BigInteger.ONE.shiftLeft(127).toString());

        browser.navigate().refresh();
        assertThat(edges())
                .containsExactlyInAnyOrder(
                        "shardId-000000000000>" + children.get(0).shardId(),
                        "shardId-000000000000>" + children.get(1).shardId());
        assertThat(browser.findElement(By.cssSelector("#lineage g[data-shard='shardId-000000000000']"))
                        .getDomAttribute("class"))
                .isEqualTo("node closed");

        new Select(browser.findElement(By.cssSelector("#merge-shards select"))).selectByIndex(0);
        pages.clickToLoad(By.cssSelector("#merge-shards button"));
        Shard merged = awaitOpenShards(stream, 1).get(0);
        assertThat(List.of(merged.parentShardId(), merged.adjacentParentShardId()))
                .containsExactlyInAnyOrderElementsOf(
                        children.stream().map(Shard::shardId).toList());
        browser.navigate().refresh();
        assertThat(edges()).hasSize(4).contains(children.get(0).shardId() + ">" + merged.shardId());
        assertThat(browser.findElements(By.cssSelector("#lineage g.node.open"))).hasSize(1);
        new Actions(browser)
                .scrollToElement(browser.findElement(By.id("retention-period")))
                .perform();
        pages.screenshot("stream-lineage");

        WebElement hours = browser.findElement(By.cssSelector("#retention-period input[name=hours]"));
        hours.clear();
        hours.sendKeys("48");
        pages.clickToLoad(By.cssSelector("#retention-period button"));
        // A click returns before the form's answer may have loaded: the page says when the call was made.
        pages.awaitText(By.id("retention"), "48 h");
        assertThat(sdk.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .retentionPeriodHours())
                .isEqualTo(48);
        // Back down: the page calls DecreaseStreamRetentionPeriod this time.
        hours = browser.findElement(By.cssSelector("#retention-period input[name=hours]"));
        hours.clear();
        hours.sendKeys("24");
        pages.clickToLoad(By.cssSelector("#retention-period button"));
        // A click returns before the form's answer may have loaded: the page says when the call was made.
        pages.awaitText(By.id("retention"), "24 h");
        assertThat(sdk.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .retentionPeriodHours())
                .isEqualTo(24);
    }

    @Test
    void aConsumerRegisteredFromTheStreamPageIsListedAndDeregistered() throws IOException {
        String stream = pages.createStream(sdk, 1);
        browser.get(ConsolePages.url(open, "/streams/" + stream));
        browser.findElement(By.cssSelector("#register-consumer input[name=name]"))
                .sendKeys("console-efo");
        pages.clickToLoad(By.cssSelector("#register-consumer button"));
        // The click returns before the page that lists the new consumer may have loaded.
        WebElement row = pages.awaitElement(By.cssSelector("tr.consumer[data-consumer='console-efo']"));
        assertThat(row.findElement(By.className("status")).getText()).isIn("CREATING", "ACTIVE");
        String streamArn = sdk.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        assertThat(sdk.listStreamConsumers(b -> b.streamARN(streamArn)).consumers())
                .extracting(c -> c.consumerName())
                .containsExactly("console-efo");

        // Registering the same name again: AWS's ResourceInUseException, shown as a page.
        browser.findElement(By.cssSelector("#register-consumer input[name=name]"))
                .sendKeys("console-efo");
        pages.clickToLoad(By.cssSelector("#register-consumer button"));
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(driver -> driver.getPageSource().contains("ResourceInUseException"));

        browser.get(ConsolePages.url(open, "/streams/" + stream));
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200)).until(driver -> {
            driver.navigate().refresh();
            return driver.findElement(By.cssSelector("tr.consumer[data-consumer='console-efo'] .status"))
                    .getText()
                    .equals("ACTIVE");
        });
        pages.clickToLoad(By.cssSelector("tr.consumer[data-consumer='console-efo'] button"));
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(driver -> sdk.listStreamConsumers(b -> b.streamARN(streamArn))
                        .consumers()
                        .isEmpty());
    }

    /** A reshard completes in the background: the open shards once there are {@code count} and the stream is ACTIVE. */
    private static List<Shard> awaitOpenShards(String stream, int count) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200)).until(driver -> {
            List<Shard> open = sdk.listShards(b -> b.streamName(stream)).shards().stream()
                    .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                    .toList();
            boolean active = sdk.describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus()
                    == StreamStatus.ACTIVE;
            return open.size() == count && active ? open : null;
        });
    }

    /** The lineage graph's edges as {@code parent>child}. */
    private static List<String> edges() {
        return browser.findElements(By.cssSelector("#lineage path.edge")).stream()
                .map(e -> e.getDomAttribute("data-parent") + ">" + e.getDomAttribute("data-child"))
                .toList();
    }

    @Test
    void aDeliveryStreamsPageShowsItsDestinationAndDeliveryAfterAnObjectLands() throws Exception {
        TestStack stack = TestStack.get();
        Gateway gateway = firehoseGateway(stack);
        String name = TestStack.unique("console-delivery");
        String bucket = name + "-bucket";
        stack.createBucket(bucket);
        try (FirehoseClient client = LocalClients.pointedAt(
                        FirehoseClient.builder(),
                        URI.create("http://127.0.0.1:" + gateway.port()),
                        Duration.ofSeconds(30))
                .build()) {
            client.createDeliveryStream(b -> b.deliveryStreamName(name)
                    .deliveryStreamType("DirectPut")
                    .extendedS3DestinationConfiguration(d -> d.roleARN("arn:aws:iam::000000000000:role/firehose")
                            .bucketARN("arn:aws:s3:::" + bucket)
                            .prefix("orders/")
                            .errorOutputPrefix("failed/")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
            new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(200))
                    .until(driver -> client.describeDeliveryStream(r -> r.deliveryStreamName(name))
                                    .deliveryStreamDescription()
                                    .deliveryStreamStatus()
                            == DeliveryStreamStatus.ACTIVE);
            client.putRecord(
                    b -> b.deliveryStreamName(name).record(r -> r.data(SdkBytes.fromUtf8String("{\"order\":1}\n"))));
            new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250))
                    .until(driver -> !stack.keys(bucket, "orders/").isEmpty());
        }

        browser.get("http://127.0.0.1:" + gateway.port() + "/console/firehose");
        pages.clickToLoad(By.linkText(name));
        pages.awaitText(By.id("status"), "ACTIVE");
        assertThat(browser.findElement(By.id("objects-under")).getText()).isEqualTo("s3://" + bucket + "/orders/");
        assertThat(browser.findElement(By.id("errors-under")).getText()).isEqualTo("s3://" + bucket + "/failed/");
        assertThat(browser.findElement(By.id("delivery-failure")).getText()).isEqualTo("No delivery failure.");
        // The delivery tasks report their counters every few seconds: the page shows them once reported.
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(500)).until(driver -> {
            driver.navigate().refresh();
            List<WebElement> records = driver.findElements(By.id("records"));
            return !records.isEmpty() && !records.get(0).getText().equals("0");
        });
        assertThat(browser.findElement(By.id("records")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("success")).getText()).isEqualTo("100.0 %");
        // The object is listed, and its link downloads it through the console; the bucket's other keys are not served.
        WebElement object = browser.findElement(By.cssSelector("#objects tr.object a"));
        assertThat(object.getText()).isEqualTo(stack.keys(bucket, "orders/").get(0));
        assertThat(browser.findElement(By.id("errors")).getText()).isEqualTo("No error output.");
        new Actions(browser).scrollToElement(object).perform();
        pages.screenshot("delivery-stream");
        HttpResponse<String> download =
                ConsolePages.send(HttpRequest.newBuilder(URI.create(object.getDomProperty("href")))
                        .build());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("{\"order\":1}\n");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("attachment"));
        assertThat(ConsolePages.get(gateway, "/firehose/" + name + "/object?key=orders/elsewhere", null)
                        .statusCode())
                .isEqualTo(400);
    }

    /** A gateway hosting Firehose on the sink's test stack (its own broker, S3Proxy, Connect), with a console. */
    private static synchronized Gateway firehoseGateway(TestStack stack) throws Exception {
        if (firehoseGateway == null) {
            firehose = FirehoseService.start(
                    new FirehoseConfig(Map.of(
                            FirehoseConfig.CONNECT_URL,
                            stack.connectUrl(),
                            S3Settings.ENDPOINT,
                            stack.s3Endpoint().toString(),
                            S3Settings.ACCESS_KEY_ID,
                            TestStack.ACCESS_KEY,
                            S3Settings.SECRET_ACCESS_KEY,
                            TestStack.SECRET_KEY,
                            S3Settings.PATH_STYLE_ACCESS,
                            "true")),
                    Map.of("bootstrap.servers", stack.bootstrapServers()));
            firehoseConsole = ConsoleService.start(
                    new ConsoleConfig(Map.of()),
                    Map.of("bootstrap.servers", stack.bootstrapServers()),
                    Duration.ofSeconds(1),
                    "",
                    new S3Settings.S3Connection(
                            stack.s3Endpoint().toString(),
                            "us-east-1",
                            TestStack.ACCESS_KEY,
                            TestStack.SECRET_KEY,
                            true));
            firehoseGateway = Gateway.start(
                    new GatewayConfig(
                            Map.of(GatewayConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(), GatewayConfig.PORT, "0")),
                    List.of(firehose, firehoseConsole));
        }
        return firehoseGateway;
    }

    @Test
    void signedModeRefusesAnAnonymousUserAndServesASignedInOne() throws Exception {
        String stream = pages.createStream(sdk, 1);
        assertThat(ConsolePages.get(signed, "/streams", null).statusCode()).isEqualTo(303);
        assertThat(ConsolePages.post(signed, "/streams", null, "name=x&shards=1")
                        .statusCode())
                .isEqualTo(401);
        assertThat(ConsolePages.get(signed, "/api/streams/" + stream + "/metrics", null)
                        .statusCode())
                .isEqualTo(401);

        browser.get(ConsolePages.url(signed, "/streams"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/signin");
        signIn(ROOT_KEY, "not-the-secret");
        assertThat(browser.findElement(By.id("signin-error")).getText()).contains("wrong");
        pages.screenshot("signin");

        signIn(ROOT_KEY, ROOT_SECRET);
        assertThat(browser.getCurrentUrl()).endsWith("/console/streams");
        assertThat(browser.findElements(By.cssSelector("tr[data-stream='" + stream + "']")))
                .hasSize(1);
        assertThat(browser.findElement(By.className("who")).getText()).isEqualTo("arn:aws:iam::000000000000:root");

        Cookie session = browser.manage().getCookieNamed("millrace_console");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        // Signed in, but a form without the page's token is refused: another site cannot post on the user's behalf.
        String cookie = session.getName() + "=" + session.getValue();
        assertThat(ConsolePages.get(signed, "/streams", cookie).statusCode()).isEqualTo(200);
        assertThat(ConsolePages.post(signed, "/streams", cookie, "name=forged&shards=1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(sdk.listStreams().streamNames()).doesNotContain("forged");

        pages.clickToLoad(By.cssSelector("nav form button"));
        pages.awaitUrlEndingWith("/console/signin");
        assertThat(ConsolePages.get(signed, "/streams", cookie).statusCode()).isEqualTo(303);
    }

    private static void signIn(String key, String secret) {
        browser.findElement(By.name("accessKeyId")).sendKeys(key);
        browser.findElement(By.name("secretAccessKey")).sendKeys(secret);
        pages.clickToLoad(By.cssSelector("#signin button"));
    }
}
