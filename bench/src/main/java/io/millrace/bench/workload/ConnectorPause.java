package io.millrace.bench.workload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a delivery stream's Kafka Connect connector paused through the Connect REST API, so that a backlog can be
 * filled before the sink reads any of it: otherwise the sink delivers while the topic fills, and the delivery rate
 * measured is the fill's. Only for an open (unsigned) platform: in signed mode the platform's role check resumes a
 * connector whose role may deliver.
 */
public final class ConnectorPause {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI connectUrl;
    private final String connector;

    private ConnectorPause(URI connectUrl, String connector) {
        this.connectUrl = connectUrl;
        this.connector = connector;
    }

    /**
     * The connector of {@code deliveryStream} (the one whose name ends with it), waited for until Connect has given
     * it its tasks: a pause before that is not applied to tasks that start later.
     */
    public static ConnectorPause of(URI connectUrl, String deliveryStream) {
        ConnectorPause probe = new ConnectorPause(connectUrl, null);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<String> names = probe.connectors();
            for (String name : names) {
                if (name.endsWith(deliveryStream)) {
                    ConnectorPause pause = new ConnectorPause(connectUrl, name);
                    pause.awaitStates(deadline, states -> states.size() > 1);
                    return pause;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BenchFailure("no Kafka Connect connector for " + deliveryStream + " at " + connectUrl
                        + " (connectors: " + names + ")");
            }
            StreamAdmin.sleep(200);
        }
    }

    public String connector() {
        return connector;
    }

    /** Pauses the connector and returns once it and its tasks report PAUSED. */
    public void pause() {
        target("pause");
        awaitStates(
                System.nanoTime() + TIMEOUT.toNanos(), states -> states.stream().allMatch("PAUSED"::equals));
    }

    /** Resumes the connector without waiting: its tasks start reading at once. */
    public void resume() {
        target("resume");
    }

    private void target(String action) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(path("/connectors/" + connector + "/" + action))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() / 100 != 2) {
            throw new BenchFailure("Kafka Connect refused to " + action + " " + connector + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }

    private void awaitStates(long deadline, Predicate<List<String>> done) {
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(path("/connectors/" + connector + "/status"))
                    .GET());
            List<String> states = new ArrayList<>();
            if (response.statusCode() == 200) {
                Matcher m = STATE.matcher(response.body());
                while (m.find()) {
                    states.add(m.group(1));
                }
                if (!states.isEmpty() && done.test(states)) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BenchFailure("Kafka Connect connector " + connector + " not as expected within "
                        + TIMEOUT.toSeconds() + " s: " + response.body());
            }
            StreamAdmin.sleep(200);
        }
    }

    private List<String> connectors() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(path("/connectors")).GET());
        if (response.statusCode() != 200) {
            throw new BenchFailure("Kafka Connect at " + connectUrl + " answered HTTP " + response.statusCode());
        }
        List<String> names = new ArrayList<>();
        Matcher m = STRING.matcher(response.body());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private URI path(String path) {
        String base = connectUrl.toString().replaceAll("/+$", "");
        return URI.create(base + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BenchFailure("Kafka Connect at " + connectUrl + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }
}
