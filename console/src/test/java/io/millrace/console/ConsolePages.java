package io.millrace.console;

import io.millrace.gateway.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The console's pages as the browser tests drive them: a headless Chromium, clicks that load a page, waits for what a
 * page shows, screenshots under {@code target/screenshots}, and the plain HTTP calls that check what a browser cannot.
 */
final class ConsolePages implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver browser;

    ConsolePages() throws IOException {
        browser = HeadlessChromium.start();
        Files.createDirectories(SCREENSHOTS);
    }

    ChromeDriver browser() {
        return browser;
    }

    /**
     * Clicks a link or a form's button and waits for the page it loads: a click returns before the answer may have
     * loaded, and reading the page then would read the old one.
     */
    void clickToLoad(By element) {
        WebElement page = browser.findElement(By.tagName("html"));
        clickOnPage(page, element);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.until(ExpectedConditions.stalenessOf(page));
        wait.until(
                driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    /**
     * Chromedriver now and then loses the node it just found between finding and clicking it ("Node with given id does
     * not belong to the document") although the page did not change; the click did not happen then, so it is tried
     * again on the same page. A page that did change (its {@code <html>} went stale) means the click was taken.
     */
    private void clickOnPage(WebElement page, By element) {
        for (int attempt = 1; ; attempt++) {
            try {
                browser.findElement(element).click();
                return;
            } catch (WebDriverException e) {
                boolean lostNode = e instanceof StaleElementReferenceException
                        || String.valueOf(e.getMessage()).contains("does not belong to the document");
                if (lostNode && isStale(page)) {
                    return;
                }
                if (!lostNode || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        }
    }

    /** The element once the page shows it (a page's scripts may add it after the page loaded). */
    WebElement awaitElement(By element) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(element));
    }

    void awaitUrlEndingWith(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(driver -> driver.getCurrentUrl().endsWith(path));
    }

    /** Waits for a form's answer page: the element, once that page has loaded, holds {@code text}. */
    void awaitText(By element, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(element).getText().equals(text));
    }

    void screenshot(String page) throws IOException {
        Files.write(SCREENSHOTS.resolve(page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A new stream of {@code shards} shards made through the SDK, once ACTIVE. */
    String createStream(KinesisClient sdk, int shards) {
        String stream = "console-" + UUID.randomUUID().toString().substring(0, 8);
        sdk.createStream(b -> b.streamName(stream).shardCount(shards));
        awaitActive(sdk, stream);
        return stream;
    }

    /** The SDK's waiter polls every 10 s; a stream on the embedded broker is ready in well under one. */
    void awaitActive(KinesisClient sdk, String stream) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(driver -> sdk.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }

    static String url(Gateway gateway, String path) {
        return "http://127.0.0.1:" + gateway.port() + "/console" + path;
    }

    static HttpResponse<String> get(Gateway gateway, String path, String cookie) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(gateway, path)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    static HttpResponse<String> post(Gateway gateway, String path, String cookie, String form) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(gateway, path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
    }
}
