package io.millrace.launcher;

import static io.millrace.launcher.UpScenarios.options;
import static io.millrace.launcher.UpScenarios.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.console.HeadlessChromium;
import io.millrace.launcher.net.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The console of a real {@code ./millrace up} (the packaged jar, started by the script) in Debian's headless
 * Chromium: a stream created from the streams page's form, written by the AWS SDK v2, charted on its page from the
 * CloudWatch API's {@code AWS/Kinesis} aggregates. The platform's APIs publish every 5 s here
 * ({@code millrace.cloudwatch.platform-metrics-interval-ms}) so that the minute in progress has a point within
 * seconds; the chart is still a point a minute.
 */
class MillraceUpConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 40;

    @TempDir
    Path work;

    @Test
    void aStreamCreatedFromTheConsoleChartsItsIncomingRecordsFromCloudWatch() throws Exception {
        int port = Ports.pickFree();
        Path config = Files.writeString(
                work.resolve("millrace.properties"), "millrace.cloudwatch.platform-metrics-interval-ms=5000\n");
        String stream = "console-up-" + UUID.randomUUID().toString().substring(0, 8);
        try (MillraceProcess millrace = MillraceProcess.up(
                        work.resolve("millrace.err"), options(work, port, "--config", config.toString()));
                KinesisClient sdk = UpScenarios.client(port)) {
            report("console test start", millrace.awaitReady());
            long ready = System.nanoTime();
            ChromeDriver browser = HeadlessChromium.start();
            try {
                String console = "http://127.0.0.1:" + port + "/console";
                browser.get(console + "/streams");
                browser.findElement(By.cssSelector("#create-stream input[name=name]"))
                        .sendKeys(stream);
                browser.findElement(By.cssSelector("#create-stream button")).click();
                new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(driver -> driver.getCurrentUrl().endsWith("/console/streams/" + stream));
                assertThat(browser.findElement(By.id("charts-source")).getDomAttribute("data-cluster-wide"))
                        .isEqualTo("true");
                sdk.waiter().waitUntilStreamExists(b -> b.streamName(stream));

                sdk.putRecords(b -> b.streamName(stream)
                        .records(IntStream.range(0, RECORDS)
                                .mapToObj(i -> PutRecordsRequestEntry.builder()
                                        .partitionKey("sensor-" + i)
                                        .data(SdkBytes.fromUtf8String("{\"reading\":" + i + "}"))
                                        .build())
                                .toList()));

                WebElement records = browser.findElement(By.id("chart-records"));
                new WebDriverWait(browser, Duration.ofSeconds(40), Duration.ofMillis(500)).until(driver -> {
                    String points = records.getDomAttribute("data-points");
                    return points != null && Integer.parseInt(points) > 0 && incomingRecords(port, stream) > 0;
                });
                assertThat(records.findElements(By.tagName("canvas"))).isNotEmpty();
                assertThat(incomingRecords(port, stream)).isEqualTo(RECORDS);
                System.out.printf(
                        "millrace up, console: the stream created from the form charted %d records from CloudWatch"
                                + " %d ms after the ready line%n",
                        RECORDS, (System.nanoTime() - ready) / 1_000_000);
                Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
                Files.copy(
                        browser.getScreenshotAs(OutputType.FILE).toPath(),
                        screenshots.resolve("millrace-up-stream.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
            // No SIGTERM: MillraceUpIT checks the orderly stop; closing kills the process, 30 s sooner here.
        }
    }

    /** The incoming records the chart data adds up to: each point's rate times the seconds it covers. */
    private static long incomingRecords(int port, String stream) {
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + port + "/console/api/streams/" + stream + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode chart;
        try {
            chart = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(chart.path("source").asText()).isEqualTo("cloudwatch");
        double total = 0;
        for (JsonNode rate : chart.path("incomingRecords")) {
            total += rate.asDouble() * chart.path("period").asDouble();
        }
        return Math.round(total);
    }
}
