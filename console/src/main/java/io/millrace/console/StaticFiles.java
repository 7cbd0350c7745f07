package io.millrace.console;

import io.millrace.gateway.route.RouteResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's scripts and stylesheets, read from the classpath once: its own, and uPlot's from its webjar, so the
 * browser needs nothing but the gateway.
 */
final class StaticFiles {

    /** The webjar's folder names its version, which the parent pom alone sets: read it from the webjar itself. */
    private static final String UPLOT =
            "/META-INF/resources/webjars/uplot/" + webjarVersion("org.webjars.npm", "uplot") + "/dist/";

    private final Map<String, RouteResponse> files;

    StaticFiles() {
        files = Map.of(
                "console.css", load("static/console.css", "text/css; charset=utf-8"),
                "console.js", load("static/console.js", "text/javascript; charset=utf-8"),
                "console-sql.js", load("static/console-sql.js", "text/javascript; charset=utf-8"),
                "uPlot.min.css", load(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"),
                "uPlot.iife.min.js", load(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"));
    }

    Optional<RouteResponse> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static String webjarVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing console resource " + resource);
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RouteResponse load(String resource, String contentType) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing console resource " + resource);
            }
            return new RouteResponse(200, contentType, Map.of("Cache-Control", "max-age=3600"), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
