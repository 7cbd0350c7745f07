package io.millrace.firehose.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The http(s) URLs a Lambda processor may call when the gateway checks its callers: without such a list, anyone who
 * may create a delivery stream could make the platform POST to any address it reaches (its own Kafka, Connect or
 * Flink REST API, a cloud metadata service). Each entry is either
 * <ul>
 *   <li>a URL prefix, {@code https://fn.example.com/transform}: same scheme, host and port (the scheme's default
 *       when none is written), and a path that is the prefix's or below it, segment by segment; or
 *   <li>a host pattern, {@code fn.example.com}, {@code fn.example.com:8443} or {@code *.example.com} (sub-domains
 *       only): any path, either scheme, any port unless one is written.
 * </ul>
 * URLs with user information ({@code https://user@host/}) never match: they are a classic way to disguise a host.
 * An empty list allows no URL. Host names are compared as written, not resolved: an allowed name must be one the
 * operator controls.
 */
public final class UrlAllowlist {

    private record Entry(String scheme, String host, int port, String pathPrefix) {}

    private final List<String> written;
    private final List<Entry> entries;

    private UrlAllowlist(List<String> written, List<Entry> entries) {
        this.written = List.copyOf(written);
        this.entries = List.copyOf(entries);
    }

    /** @throws IllegalArgumentException naming the first entry that is neither a URL prefix nor a host pattern */
    public static UrlAllowlist parse(List<String> entries) {
        List<String> trimmed =
                entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        return new UrlAllowlist(
                trimmed, trimmed.stream().map(UrlAllowlist::entry).toList());
    }

    /** The entries as written, for the connector's configuration. */
    public List<String> entries() {
        return written;
    }

    /** Whether an http(s) URL matches an entry. */
    public boolean allows(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = effectivePort(scheme, uri.getPort());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return entries.stream().anyMatch(entry -> matches(entry, scheme, host, port, path));
    }

    private static boolean matches(Entry entry, String scheme, String host, int port, String path) {
        if (entry.scheme() != null && !entry.scheme().equals(scheme)) {
            return false;
        }
        boolean hostMatches =
                entry.host().startsWith("*.") ? host.endsWith(entry.host().substring(1)) : host.equals(entry.host());
        if (!hostMatches || (entry.port() != -1 && entry.port() != port)) {
            return false;
        }
        String prefix = entry.pathPrefix();
        if (prefix.isEmpty() || prefix.equals("/")) {
            return true;
        }
        // /transform allows /transform and /transform/x, not /transformer
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private static Entry entry(String written) {
        boolean isUrl = written.contains("://");
        URI uri;
        try {
            uri = new URI(isUrl ? written : "http://" + written);
        } catch (URISyntaxException e) {
            throw invalid(written);
        }
        String host = uri.getHost();
        if (host == null && !isUrl && written.startsWith("*.")) {
            // URI does not take '*' in a host: check the rest and keep the wildcard.
            Entry rest = entry(written.substring(2));
            return new Entry(null, "*." + rest.host(), rest.port(), "");
        }
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(written);
        }
        if (!isUrl) {
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                throw invalid(written);
            }
            return new Entry(null, host.toLowerCase(Locale.ROOT), uri.getPort(), "");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))) {
            throw invalid(written);
        }
        return new Entry(
                scheme,
                host.toLowerCase(Locale.ROOT),
                effectivePort(scheme, uri.getPort()),
                uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static int effectivePort(String scheme, int port) {
        if (port != -1) {
            return port;
        }
        return scheme.equals("https") ? 443 : 80;
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("'" + entry + "' is neither an http(s) URL prefix nor a host[:port]"
                + " pattern (*.example.com for sub-domains)");
    }

    @Override
    public String toString() {
        return String.join(",", written);
    }
}
