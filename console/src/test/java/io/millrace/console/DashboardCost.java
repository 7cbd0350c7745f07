package io.millrace.console;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.GatewayService;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A measurement, not a test (run by hand, see the console's README): what open stream dashboards cost the platform
 * (CPU seconds of this process, which holds the broker, the Kinesis API, the CloudWatch API and the console, per
 * minute with 0, 1 and 5 stream pages open in headless Chromium windows, each refreshing its charts as the page says:
 * every 10 s from CloudWatch, every 5 s from this gateway's counters), and the pages' first contentful paint from
 * the browser's Performance API. A light producer writes to every stream throughout, the same in every phase, so
 * that the charts have data and the differences are the dashboards'. The Kinesis API publishes to CloudWatch once a
 * minute, as in {@code ./millrace up}.
 *
 * <p>Arguments: seconds measured per phase (default 120), warm-up seconds (default 20), the charts' source:
 * {@code cloudwatch} (default: the gateway hosts the CloudWatch API) or {@code counters} (it does not).
 */
public final class DashboardCost {

    private static final int STREAMS = 5;

    private DashboardCost() {}

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean cloudWatchCharts = args.length <= 2 || args[2].equals("cloudwatch");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        KinesisService kinesis = null;
        CloudWatchService cloudWatch = null;
        ConsoleService console = null;
        Gateway gateway = null;
        KinesisClient sdk = null;
        ChromeDriver browser = null;
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        try {
            String bootstrap = kafka.bootstrapServers();
            kinesis = KinesisService.start(new KinesisConfig(Map.of(
                    KinesisConfig.BOOTSTRAP_SERVERS,
                    bootstrap,
                    KinesisConfig.PORT,
                    "0",
                    KinesisConfig.SHARD_LIMITS,
                    "off")));
            List<GatewayService> services = new ArrayList<>(List.of(kinesis));
            if (cloudWatchCharts) {
                cloudWatch = CloudWatchService.start(
                        new CloudWatchConfig(Map.of(
                                GatewayConfig.BOOTSTRAP_SERVERS,
                                bootstrap,
                                CloudWatchConfig.STATE_DIR,
                                Files.createTempDirectory("dashboard-cost").toString())),
                        Map.of("bootstrap.servers", bootstrap));
                kinesis.publishMetricsTo(cloudWatch.platformMetrics(), Duration.ofMinutes(1));
                services.add(cloudWatch);
            }
            console = ConsoleService.start(
                    new ConsoleConfig(Map.of()),
                    Map.of("bootstrap.servers", bootstrap),
                    ConsoleService.SAMPLE_PERIOD,
                    "");
            services.add(console);
            gateway = Gateway.start(
                    new GatewayConfig(Map.of(GatewayConfig.BOOTSTRAP_SERVERS, bootstrap, GatewayConfig.PORT, "0")),
                    services);
            String base = "http://127.0.0.1:" + gateway.port() + "/console";
            KinesisClient client = LocalClients.pointedAt(
                            KinesisClient.builder(),
                            URI.create("http://127.0.0.1:" + gateway.port()),
                            Duration.ofSeconds(30))
                    .build();
            sdk = client;
            List<String> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                String stream = "dashboard-" + i;
                client.createStream(b -> b.streamName(stream).shardCount(2));
                streams.add(stream);
            }
            for (String stream : streams) {
                while (client.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        != StreamStatus.ACTIVE) {
                    Thread.sleep(200);
                }
            }
            // 10 records of 200 bytes a second into each stream, in every phase.
            producer.scheduleAtFixedRate(
                    () -> {
                        for (String stream : streams) {
                            client.putRecords(b -> b.streamName(stream).records(records()));
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            browser = HeadlessChromium.start(
                    // Every window refreshes as a window in front would.
                    "--disable-background-timer-throttling",
                    "--disable-backgrounding-occluded-windows",
                    "--disable-renderer-backgrounding");
            System.out.printf(
                    Locale.ROOT,
                    "charts from %s; cores %d, load before: %s%n",
                    cloudWatchCharts ? "CloudWatch" : "this gateway's counters",
                    Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).strip());

            System.out.println("First contentful paint (ms), median of 10 loads, and the server's answer time:");
            paint(browser, "streams list", base + "/streams");
            paint(browser, "stream page", base + "/streams/" + streams.get(0));
            paint(browser, "data viewer", base + "/streams/" + streams.get(0) + "/data");
            paint(browser, "SQL form", base + "/streams/" + streams.get(0) + "/sql");

            browser.get("about:blank");
            String first = browser.getWindowHandle();
            // 0 again at the end: what the process does alone once warm, against which the others are read.
            for (int open : new int[] {0, 1, 5, 0}) {
                List<String> windows = new ArrayList<>();
                for (int i = 0; i < open; i++) {
                    browser.switchTo().newWindow(WindowType.WINDOW);
                    browser.get(base + "/streams/" + streams.get(i));
                    windows.add(browser.getWindowHandle());
                }
                Thread.sleep(warmUp * 1000L);
                double cpu = cpuSeconds();
                double gatewayCpu = gatewayThreadSeconds();
                long start = System.nanoTime();
                String load = Files.readString(Path.of("/proc/loadavg")).strip();
                Thread.sleep(measured * 1000L);
                double seconds = (System.nanoTime() - start) / 1e9;
                double used = cpuSeconds() - cpu;
                double gatewayUsed = gatewayThreadSeconds() - gatewayCpu;
                long fetches = 0;
                for (String window : windows) {
                    browser.switchTo().window(window);
                    fetches += (Long) browser.executeScript("return performance.getEntriesByType('resource')"
                            + ".filter(e => e.name.includes('/metrics')).length");
                }
                System.out.printf(
                        Locale.ROOT,
                        "open dashboards %d: %.2f CPU s/min of the platform process over %.0f s (%.1f %% of a core),"
                                + " of which the gateway's threads %.3f; chart fetches by the pages %d; load at start %s%n",
                        open,
                        used * 60 / seconds,
                        seconds,
                        100 * used / seconds,
                        gatewayUsed * 60 / seconds,
                        fetches,
                        load);
                for (String window : windows) {
                    browser.switchTo().window(window);
                    browser.close();
                }
                browser.switchTo().window(first);
            }
        } finally {
            producer.shutdownNow();
            if (browser != null) {
                browser.quit();
            }
            if (sdk != null) {
                sdk.close();
            }
            Closeables.closeAll(gateway, console, kinesis, cloudWatch, kafka);
        }
        System.exit(0);
    }

    private static List<PutRecordsRequestEntry> records() {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k" + i)
                    .data(SdkBytes.fromUtf8String("x".repeat(200)))
                    .build());
        }
        return entries;
    }

    private static void paint(ChromeDriver browser, String page, String url) {
        List<Double> paints = new ArrayList<>();
        List<Double> answers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            browser.get("about:blank");
            browser.get(url);
            Object fcp = browser.executeScript(
                    "const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : null;");
            Object answer = browser.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                    + " return n.responseEnd - n.requestStart;");
            if (i > 0 && fcp != null) { // the first load warms the JIT and the browser's cache
                paints.add(((Number) fcp).doubleValue());
                answers.add(((Number) answer).doubleValue());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  %-13s FCP %s ms (min %s, max %s); server answer %s ms%n",
                page,
                median(paints),
                paints.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", Collections.min(paints)),
                paints.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", Collections.max(paints)),
                median(answers));
    }

    private static String median(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%.0f", sorted.get(sorted.size() / 2));
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /**
     * CPU seconds of the platform's own threads (named {@code millrace-*}: the gateway's HTTP I/O threads, the API
     * handlers, CloudWatch's, the console's sampler, Kinesis's background tasks; not Kafka Streams' threads, which
     * aggregate the datapoints whatever is open): what serving the pages costs, without the
     * broker's, the JIT compiler's and the producer's client's threads.
     */
    private static double gatewayThreadSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("millrace-")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                nanos += Math.max(0, cpu);
            }
        }
        return nanos / 1e9;
    }
}
