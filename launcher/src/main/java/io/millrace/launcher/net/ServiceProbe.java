package io.millrace.launcher.net;

import io.millrace.launcher.exit.LauncherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for an external HTTP service (an S3 endpoint, a Connect cluster) to answer at all, before 'ready'. */
public final class ServiceProbe {

    private ServiceProbe() {}

    /** Any HTTP status counts as an answer: S3 refuses an unsigned GET, yet it is there. */
    public static void awaitAnswer(String url, String what, Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new LauncherException(what + ": '" + url + "' is not a URL");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new LauncherException(what + " at " + url + " does not answer: " + last);
    }
}
