package io.millrace.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a started process to serve: a port that accepts, an HTTP answer, a log line. */
final class Ready {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Ready() {}

    static void await(HostProcess process, String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        process + " exited before " + what + "; its log ends with:\n" + process.tail(40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException(
                process + ": no " + what + " within " + timeout + "; its log ends with:\n" + process.tail(40));
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a GET of {@code url} answers 200 with a body containing {@code text}. */
    static boolean bodyContains(String url, String text) {
        HttpResponse<String> response = get(url);
        return response != null
                && response.statusCode() == 200
                && response.body().contains(text);
    }

    /** Any HTTP status below {@code maxStatus} counts. */
    static boolean answers(String url, int maxStatus) {
        HttpResponse<String> response = get(url);
        return response != null && response.statusCode() < maxStatus;
    }

    /** The body of a 200 answer to a GET of {@code url}, or null (another status, or no answer). */
    static String body(String url) {
        HttpResponse<String> response = get(url);
        return response != null && response.statusCode() == 200 ? response.body() : null;
    }

    /** The answer to a GET, or null when there is none (yet). */
    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
