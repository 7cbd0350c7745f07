package io.millrace.gateway.protocol.rest;

import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.RestRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Chooses the rest-json API and action of a request by its method and path, among the APIs that declare a
 * {@link RestJsonProtocol}. Two routes may take the same path (a label and a fixed segment): the one with more fixed
 * segments wins, as it is the more specific.
 */
public final class RestRouter {

    /** The chosen API, the route and its path labels (percent-encoded as received). */
    public record Match(AwsService service, RestRoute route, Map<String, String> labels) {}

    private record Entry(AwsService service, RestRoute route) {}

    private final List<Entry> entries = new ArrayList<>();

    public RestRouter(List<AwsService> services) {
        for (AwsService service : services) {
            service.restJsonProtocol()
                    .ifPresent(protocol -> protocol.routes().forEach(route -> entries.add(new Entry(service, route))));
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.route().literalSegments())
                .reversed());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The route of {@code method} and {@code rawPath} (no query string), or null when none takes them. A trailing
     * slash is ignored: some SDK models write {@code /2015-03-31/functions/} where others have no slash.
     */
    public Match match(String method, String rawPath) {
        if (entries.isEmpty() || !rawPath.startsWith("/")) {
            return null;
        }
        List<String> segments = segmentsOf(rawPath);
        for (Entry entry : entries) {
            if (!entry.route().method().equals(method)) {
                continue;
            }
            Map<String, String> labels = entry.route().match(segments);
            if (labels != null) {
                return new Match(entry.service(), entry.route(), labels);
            }
        }
        return null;
    }

    private static List<String> segmentsOf(String rawPath) {
        String path =
                rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        return List.of(path.substring(1).split("/", -1));
    }

    /** Whether any route takes {@code rawPath} with another method: the answer is then 405-like, not unknown. */
    public boolean knowsPath(String rawPath) {
        if (entries.isEmpty() || !rawPath.startsWith("/")) {
            return false;
        }
        List<String> segments = segmentsOf(rawPath);
        return entries.stream().anyMatch(entry -> entry.route().match(segments) != null);
    }
}
