package io.millrace.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.application.AnalyticsConfig;
import io.millrace.analytics.application.AnalyticsService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.SnapshotStatus;

/**
 * The console's SQL page in Chromium: an ad-hoc query over a stream, its rows arriving in the page's table, and the
 * query's application and stream deleted when the user leaves the page. One gateway hosts Kinesis, the application
 * API on a Flink mini-cluster of its own, and the console.
 */
class ConsoleSqlPageIT {

    private static MiniCluster flink;
    private static KinesisService kinesis;
    private static AnalyticsService analytics;
    private static ConsoleService analyticsConsole;
    private static Gateway analyticsGateway;
    private static KinesisClient sdk;
    private static ConsolePages pages;
    private static ChromeDriver browser;

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
        Configuration cluster = new Configuration();
        cluster.set(RestOptions.BIND_PORT, "0");
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(4)
                .build());
        flink.start();
        URI rest = flink.getRestAddress().get();
        GatewayConfig config =
                new GatewayConfig(Map.of(GatewayConfig.BOOTSTRAP_SERVERS, bootstrap, GatewayConfig.PORT, "0"));
        Configuration options = new Configuration();
        options.set(AnalyticsConfig.FLINK_REST_URL, rest.toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, bootstrap);
        options.set(
                AnalyticsConfig.SAVEPOINT_DIR,
                Files.createTempDirectory("console-savepoints").toUri().toString());
        options.set(AnalyticsConfig.METADATA_TOPIC, "__millrace_analytics_console_it");
        analytics = AnalyticsService.start(
                options, config.kafkaClientProperties(), false, CompletableFuture.completedFuture(null));
        // Points every second rather than every 5, as in ConsoleBrowserIT.
        analyticsConsole = ConsoleService.start(
                new ConsoleConfig(Map.of(ConsoleConfig.TOPIC, "__millrace_console_browser_it")),
                Map.of("bootstrap.servers", bootstrap),
                Duration.ofSeconds(1),
                rest.toString());
        analyticsGateway = Gateway.start(config, List.of(kinesis, analytics, analyticsConsole));
        sdk = LocalClients.pointedAt(
                        KinesisClient.builder(),
                        URI.create("http://127.0.0.1:" + analyticsGateway.port()),
                        Duration.ofSeconds(30))
                .build();
        pages = new ConsolePages();
        browser = pages.browser();
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        Closeables.closeAll(pages, analyticsGateway, analyticsConsole, analytics, flink, kinesis);
    }

    @Test
    void anAdHocQueryShowsItsRowsAsTheyArriveAndLeavingThePageDeletesIt() throws Exception {
        String stream = pages.createStream(sdk, 1);
        browser.get(ConsolePages.url(analyticsGateway, "/streams/" + stream));
        pages.clickToLoad(By.id("run-sql"));

        // A query whose rows would change after they were sent has no place in a stream: refused, nothing left.
        query("SELECT partition_key, COUNT(*) AS n FROM `" + stream + "` GROUP BY partition_key");
        assertThat(browser.findElement(By.id("sql-error")).getText()).startsWith("CodeValidationException");
        assertThat(consoleQueryStreams()).isEmpty();

        query("SELECT partition_key, JSON_VALUE(CAST(data AS STRING), '$.order') AS order_id FROM `" + stream
                + "` WHERE partition_key <> 'skipped'");
        assertThat(browser.getCurrentUrl()).contains("/console/sql/");
        String application = browser.findElement(By.id("query-application")).getText();
        assertThat(consoleQueryStreams()).containsExactly(application);
        WebElement table = browser.findElement(By.id("sql-rows"));
        int[] written = {0};
        new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(500)).until(driver -> {
            int order = written[0]++;
            sdk.putRecord(b -> b.streamName(stream)
                    .partitionKey("order-" + order)
                    .data(SdkBytes.fromUtf8String("{\"order\":" + order + "}")));
            sdk.putRecord(b -> b.streamName(stream).partitionKey("skipped").data(SdkBytes.fromUtf8String("{}")));
            return Integer.parseInt(table.getDomAttribute("data-rows")) >= 3;
        });
        assertThat(browser.findElement(By.id("query-status")).getText()).isEqualTo("RUNNING");
        assertThat(table.findElements(By.cssSelector("thead th")))
                .extracting(WebElement::getText)
                .containsExactly("partition_key", "order_id");
        for (WebElement row : table.findElements(By.cssSelector("tbody tr.row"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(0).getText()).isEqualTo("order-" + cells.get(1).getText());
        }
        pages.screenshot("sql");

        // Leaving the page stops the query: its application and its stream are deleted.
        browser.get(ConsolePages.url(analyticsGateway, "/streams"));
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(500))
                .until(driver -> consoleQueryStreams().isEmpty());
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(500)).until(driver -> {
            try {
                return !ConsolePages.get(analyticsGateway, "/applications", null)
                        .body()
                        .contains(application);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * An application of the user's (created through the SDK, as with the CLI) on its page: status, the SQL script,
     * the snapshot taken, and the Flink job it runs in the state the Flink cluster reports, linked to the dashboard.
     */
    @Test
    void anApplicationsPageShowsItsStatusCodeSnapshotAndFlinkJob() throws Exception {
        String input = pages.createStream(sdk, 1);
        String output = pages.createStream(sdk, 1);
        String name = "app-" + input;
        String sql = "CREATE TABLE src (data STRING) WITH ('connector' = 'millrace', 'stream' = '" + input
                + "', 'format' = 'raw');\n"
                + "CREATE TABLE dst (data STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',"
                + " 'stream' = '" + output + "', 'format' = 'raw');\n"
                + "INSERT INTO dst SELECT data, data FROM src;";
        try (KinesisAnalyticsV2Client applications = LocalClients.pointedAt(
                        KinesisAnalyticsV2Client.builder(),
                        URI.create("http://127.0.0.1:" + analyticsGateway.port()),
                        Duration.ofSeconds(30))
                .build()) {
            applications.createApplication(b -> b.applicationName(name)
                    .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                    .serviceExecutionRole("arn:aws:iam::000000000000:role/console-sql")
                    .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                    code -> code.codeContentType(CodeContentType.PLAINTEXT)
                                            .codeContent(content -> content.textContent(sql)))
                            .applicationSnapshotConfiguration(snapshots -> snapshots.snapshotsEnabled(true))));
            try {
                applications.startApplication(b -> b.applicationName(name));
                awaitApplication(applications, name, d -> d.applicationStatus() == ApplicationStatus.RUNNING);
                applications.createApplicationSnapshot(
                        b -> b.applicationName(name).snapshotName("before-upgrade"));
                new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(500))
                        .until(driver ->
                                applications
                                        .listApplicationSnapshots(b -> b.applicationName(name))
                                        .snapshotSummaries()
                                        .stream()
                                        .anyMatch(snapshot -> snapshot.snapshotStatus() == SnapshotStatus.READY));

                browser.get(ConsolePages.url(analyticsGateway, "/applications"));
                pages.clickToLoad(By.linkText(name));
                assertThat(browser.getCurrentUrl()).endsWith("/console/applications/" + name);
                assertThat(browser.findElement(By.id("application-status")).getText())
                        .isEqualTo("RUNNING");
                assertThat(browser.findElement(By.id("application-code")).getText())
                        .contains("INSERT INTO dst SELECT data, data FROM src;");
                WebElement snapshot =
                        browser.findElement(By.cssSelector("#snapshots tr[data-snapshot=before-upgrade]"));
                assertThat(snapshot.findElements(By.tagName("td")))
                        .extracting(WebElement::getText)
                        .startsWith("before-upgrade", "READY");
                assertThat(browser.findElement(By.id("flink-job-state")).getText())
                        .isEqualTo("RUNNING");
                String jobId = flink.listJobs().get().stream()
                        .filter(job -> job.getJobState() == JobStatus.RUNNING
                                && browser.findElement(By.id("flink-job-link"))
                                        .getText()
                                        .equals(job.getJobId().toString()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the page's job is not a running job of the cluster"))
                        .getJobId()
                        .toString();
                assertThat(browser.findElement(By.id("flink-job-link")).getDomAttribute("href"))
                        .isEqualTo(flink.getRestAddress().get().toString() + "/#/job/running/" + jobId + "/overview");
                pages.screenshot("application");
            } finally {
                applications.stopApplication(b -> b.applicationName(name).force(true));
                awaitApplication(applications, name, d -> d.applicationStatus() == ApplicationStatus.READY);
                applications.deleteApplication(b -> b.applicationName(name)
                        .createTimestamp(applications
                                .describeApplication(d -> d.applicationName(name))
                                .applicationDetail()
                                .createTimestamp()));
            }
        }
    }

    private static void awaitApplication(
            KinesisAnalyticsV2Client applications, String name, Predicate<ApplicationDetail> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(500))
                .until(driver -> condition.test(applications
                        .describeApplication(b -> b.applicationName(name))
                        .applicationDetail()));
    }

    private static void query(String sql) {
        WebElement text = browser.findElement(By.cssSelector("#sql-query textarea[name=query]"));
        text.clear();
        text.sendKeys(sql);
        pages.clickToLoad(By.cssSelector("#sql-query button"));
    }

    /** The temporary streams of the console's queries that are not being deleted. */
    private static List<String> consoleQueryStreams() {
        return sdk.listStreams().streamNames().stream()
                .filter(name -> name.startsWith("console-sql-"))
                .filter(name -> {
                    try {
                        return sdk.describeStreamSummary(b -> b.streamName(name))
                                        .streamDescriptionSummary()
                                        .streamStatus()
                                != StreamStatus.DELETING;
                    } catch (ResourceNotFoundException gone) {
                        return false;
                    }
                })
                .toList();
    }
}
