package io.millrace.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.console.charts.StreamCharts;
import io.millrace.console.page.ApplicationPage;
import io.millrace.console.page.ApplicationsPage;
import io.millrace.console.page.Caller;
import io.millrace.console.page.DataViewerPage;
import io.millrace.console.page.DeliveredObjectsSection;
import io.millrace.console.page.DeliveryStreamPage;
import io.millrace.console.page.DeliveryStreamsPage;
import io.millrace.console.page.Html;
import io.millrace.console.page.SignInPage;
import io.millrace.console.page.SqlPage;
import io.millrace.console.page.StreamActions;
import io.millrace.console.page.StreamPage;
import io.millrace.console.page.StreamsPage;
import io.millrace.console.s3.DeliveredObjects;
import io.millrace.console.session.Sessions;
import io.millrace.console.sql.AdHocQueries;
import io.millrace.console.sql.QueryName;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.gateway.route.HttpRoute;
import io.millrace.gateway.route.RouteRequest;
import io.millrace.gateway.route.RouteResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /console}: who the user is (open mode: the account's root; signed mode: the principal of the key pair
 * signed in with, by session cookie), the checks on forms that change something (the session's token and the
 * browser's Origin), and which page answers which path.
 */
final class ConsoleRoute implements HttpRoute {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoute.class);
    static final String PREFIX = "/console";

    private final GatewayCalls calls;
    private final Sessions sessions;
    private final StreamCharts charts;
    private final StaticFiles files = new StaticFiles();
    private final String flinkUi;
    private final AdHocQueries queries;
    /** The S3 store delivery streams deliver to, or null; read on {@link #s3Threads}. */
    private final DeliveredObjects objects;

    private final Executor s3Threads;
    /** Open mode's form token: there is no session, but a cross-site form still must not act. */
    private final String openModeToken;

    ConsoleRoute(
            GatewayCalls calls,
            Sessions sessions,
            StreamCharts charts,
            String flinkUi,
            AdHocQueries queries,
            DeliveredObjects objects,
            Executor s3Threads) {
        this.queries = queries;
        this.objects = objects;
        this.s3Threads = s3Threads;
        this.calls = calls;
        this.sessions = sessions;
        this.charts = charts;
        this.flinkUi = flinkUi;
        this.openModeToken = calls.mode() == AuthMode.OPEN ? openModeToken(sessions) : null;
    }

    private static String openModeToken(Sessions sessions) {
        try {
            return sessions.openModeToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the console's open-mode token", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The console's open-mode token could not be read", e.getCause());
        }
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public CompletionStage<RouteResponse> handle(RouteRequest request) {
        String path = request.path().substring(PREFIX.length());
        boolean post = request.method().equals("POST");
        if (path.startsWith("/static/")) {
            return done(files.get(path.substring(8))
                    .orElseGet(() -> RouteResponse.of(404, "text/plain; charset=utf-8", "Not found\n")));
        }
        if (path.equals("/signin")) {
            return post ? signIn(request) : done(signInPage(null, 200));
        }
        return caller(request).thenCompose(found -> {
            if (found.isEmpty()) {
                return done(
                        post || path.startsWith("/api/")
                                ? RouteResponse.of(401, "text/plain; charset=utf-8", "Sign in first\n")
                                : RouteResponse.seeOther(PREFIX + "/signin"));
            }
            return handle(request, path, post, found.get());
        });
    }

    private CompletionStage<RouteResponse> handle(RouteRequest request, String path, boolean post, Caller caller) {
        if (post && !formAllowed(request, caller)) {
            LOG.info("Console refused a form without its token or from another origin: {}", request.path());
            return done(secure(RouteResponse.html(
                    403, SignInPage.error(caller, 403, "Forbidden", "The form's token or origin is wrong."))));
        }
        CompletionStage<RouteResponse> answer;
        try {
            answer = route(request, path, post, caller);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(error -> failure(caller, error)).thenApply(ConsoleRoute::secure);
    }

    private CompletionStage<RouteResponse> route(RouteRequest request, String path, boolean post, Caller caller) {
        String[] parts = path.split("/", -1);
        if (path.isEmpty() || path.equals("/")) {
            return done(RouteResponse.seeOther(PREFIX + "/streams"));
        }
        if (post && path.equals("/signout")) {
            return sessions.find(request.cookie(Sessions.COOKIE))
                    .thenCompose(
                            found -> found.map(sessions::end).orElseGet(() -> CompletableFuture.completedFuture(null)))
                    .thenApply(ignored -> RouteResponse.seeOther(PREFIX + "/signin")
                            .withHeader(
                                    "Set-Cookie",
                                    Sessions.COOKIE + "=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict"));
        }
        if (path.equals("/streams")) {
            return post ? createStream(caller, request.form()) : html(StreamsPage.render(caller));
        }
        if (parts.length >= 3 && parts[1].equals("streams")) {
            String stream = decode(parts[2]);
            if (parts.length == 3 && !post) {
                return html(StreamPage.render(caller, stream, charts.clusterWide(), charts.refreshSeconds()));
            }
            if (parts.length == 4 && parts[3].equals("data") && !post) {
                return html(DataViewerPage.render(caller, stream, request.query()));
            }
            if (parts.length == 4 && parts[3].equals("sql")) {
                return post
                        ? startQuery(caller, stream, request.form())
                        : done(RouteResponse.html(200, SqlPage.form(caller, stream, null, null, null)));
            }
            if (parts.length >= 4 && post) {
                CompletionStage<String> done = new StreamActions(caller, stream)
                        .perform(String.join("/", Arrays.copyOfRange(parts, 3, parts.length)), request.form());
                if (done != null) {
                    return done.thenApply(RouteResponse::seeOther);
                }
            }
        }
        if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("streams") && parts[4].equals("metrics")) {
            return chartData(caller, decode(parts[3]));
        }
        if (parts.length >= 3 && parts[1].equals("sql")) {
            Optional<QueryName> query = QueryName.ofId(parts[2]);
            if (query.isPresent() && parts.length == 3 && !post) {
                String stream = request.query().getOrDefault("stream", "");
                return html(SqlPage.running(
                        caller,
                        query.get().resource(),
                        query.get().id(),
                        stream,
                        query.get().started().plus(queries.timeLimit())));
            }
            if (query.isPresent() && parts.length == 4 && parts[3].equals("stop") && post) {
                String stream = request.form().getOrDefault("stream", "");
                return queries.delete(caller, query.get())
                        .thenApply(deleted -> RouteResponse.seeOther(
                                stream.isEmpty()
                                        ? PREFIX + "/streams"
                                        : PREFIX + "/streams/" + Html.url(stream) + "/sql"));
            }
        }
        if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("sql") && parts[4].equals("rows")) {
            Optional<QueryName> query = QueryName.ofId(parts[3]);
            if (query.isPresent()) {
                return queries.rows(caller, query.get(), request.query().get("iterator"))
                        .thenApply(json -> RouteResponse.of(200, "application/json", json.toString()));
            }
        }
        if (path.equals("/firehose") && !post) {
            return html(DeliveryStreamsPage.render(caller));
        }
        if (parts.length == 3 && parts[1].equals("firehose") && !post) {
            return html(DeliveryStreamPage.render(caller, decode(parts[2]), objects, s3Threads));
        }
        if (parts.length == 4 && parts[1].equals("firehose") && parts[3].equals("object") && !post) {
            return DeliveredObjectsSection.download(
                    caller,
                    objects,
                    s3Threads,
                    decode(parts[2]),
                    request.query().get("key"));
        }
        if (path.equals("/applications") && !post) {
            return html(ApplicationsPage.render(caller, flinkUi));
        }
        if (parts.length == 3 && parts[1].equals("applications") && !post) {
            return html(ApplicationPage.render(caller, decode(parts[2]), flinkUi));
        }
        return done(RouteResponse.html(404, SignInPage.error(caller, 404, "NotFound", "No console page " + path)));
    }

    /**
     * A stream's chart data; an API's refusal (no cloudwatch:GetMetricData, say) is AWS's error as JSON with its
     * status, which the page shows where the charts would be.
     */
    private CompletionStage<RouteResponse> chartData(Caller caller, String stream) {
        CompletionStage<ObjectNode> data;
        try {
            data = charts.json(caller, stream);
        } catch (RuntimeException e) {
            data = CompletableFuture.failedFuture(e);
        }
        return data.handle((json, error) -> {
            if (error == null) {
                return RouteResponse.of(200, "application/json", json.toString());
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            ApiException api;
            if (cause instanceof ApiException known) {
                api = known;
                // A refused viewer's page asks again every refresh: one line per refusal would flood the log.
                if (api.isClientError()) {
                    LOG.debug("Console: the charts of {} for {}: {}", stream, caller.who(), api.type());
                } else {
                    LOG.warn("Console: the charts of {}: {}: {}", stream, api.type(), api.getMessage());
                }
            } else {
                LOG.error("Console: the charts of {} failed", stream, cause);
                api = ApiException.internalFailure("The console failed to read the charts' data.");
            }
            ObjectNode body = JsonNodeFactory.instance
                    .objectNode()
                    .put("__type", api.type())
                    .put("message", api.getMessage());
            return RouteResponse.of(api.status(), "application/json", body.toString());
        });
    }

    private CompletionStage<RouteResponse> createStream(Caller caller, Map<String, String> form) {
        String name = form.getOrDefault("name", "");
        boolean onDemand = "ON_DEMAND".equals(form.get("mode"));
        return caller.call(Caller.KINESIS, "CreateStream", in -> {
                    in.put("StreamName", name);
                    if (onDemand) {
                        in.putObject("StreamModeDetails").put("StreamMode", "ON_DEMAND");
                    } else {
                        in.put("ShardCount", StreamActions.integer(form.get("shards"), "Shards"));
                    }
                })
                .thenApply(out -> {
                    LOG.info("Console: {} created stream {}", caller.who(), name);
                    return RouteResponse.seeOther(PREFIX + "/streams/" + Html.url(name));
                });
    }

    /** Starts a query and shows its page; a refusal (bad SQL, no right to read the stream) shows the form again. */
    private CompletionStage<RouteResponse> startQuery(Caller caller, String stream, Map<String, String> form) {
        String query = form.getOrDefault("query", "");
        String role = form.getOrDefault("role", "");
        return queries.start(caller, stream, query, role)
                .thenApply(started ->
                        RouteResponse.seeOther(PREFIX + "/sql/" + started.id() + "?stream=" + Html.url(stream)))
                .exceptionally(error -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof ApiException api && api.isClientError()) {
                        return RouteResponse.html(
                                400, SqlPage.form(caller, stream, query, role, api.type() + ": " + api.getMessage()));
                    }
                    throw new CompletionException(cause);
                });
    }

    private CompletionStage<Optional<Caller>> caller(RouteRequest request) {
        if (calls.mode() == AuthMode.OPEN) {
            return CompletableFuture.completedFuture(
                    Optional.of(new Caller(calls, calls.openModeCaller(), request.context(), openModeToken)));
        }
        return sessions.find(request.cookie(Sessions.COOKIE))
                .thenApply(found -> found.map(
                        session -> new Caller(calls, session.principal(), request.context(), session.csrfToken())));
    }

    /** A form that changes something: the page's token, and (when the browser says) this host as its origin. */
    private static boolean formAllowed(RouteRequest request, Caller caller) {
        String token = request.form().get("csrf");
        if (token == null
                || !MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.UTF_8),
                        caller.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        String origin = request.header("origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        try {
            String host = URI.create(origin).getRawAuthority();
            return host != null && host.equalsIgnoreCase(request.header("host"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private CompletionStage<RouteResponse> signIn(RouteRequest request) {
        if (calls.mode() == AuthMode.OPEN) {
            return done(RouteResponse.seeOther(PREFIX + "/streams"));
        }
        Map<String, String> form = request.form();
        String origin = request.header("origin");
        if (origin != null && !origin.endsWith("//" + request.header("host"))) {
            return done(signInPage("Sign-in from another site refused.", 403));
        }
        Optional<Principal> principal = calls.signIn(form.get("accessKeyId"), form.get("secretAccessKey"));
        if (principal.isEmpty()) {
            LOG.info("Console sign-in refused for access key {}", form.getOrDefault("accessKeyId", ""));
            return done(signInPage("The access key ID or the secret access key is wrong.", 401));
        }
        return sessions.start(principal.get())
                .thenApply(session -> {
                    LOG.info("Console sign-in: {}", principal.get().arn());
                    String cookie = Sessions.COOKIE + "=" + sessions.cookieValue(session) + "; Path=/console; Max-Age="
                            + Sessions.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                            + (request.context().secureTransport() ? "; Secure" : "");
                    return RouteResponse.seeOther(PREFIX + "/streams").withHeader("Set-Cookie", cookie);
                })
                .exceptionally(error -> {
                    LOG.warn(
                            "Console sign-in of {} could not be stored: {}",
                            principal.get().arn(),
                            error.toString());
                    return signInPage("The session could not be stored; try again.", 503);
                });
    }

    private static RouteResponse signInPage(String error, int status) {
        return secure(RouteResponse.html(status, SignInPage.render(error)));
    }

    /** An API's refusal as a page with AWS's error type and message; anything else is logged as our fault. */
    private static RouteResponse failure(Caller caller, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ApiException api && api.isClientError()) {
            int status = api.type().startsWith("AccessDenied")
                    ? 403
                    : api.type().equals("ResourceNotFoundException") ? 404 : 400;
            return RouteResponse.html(status, SignInPage.error(caller, status, api.type(), api.getMessage()));
        }
        LOG.error("Console page failed", cause);
        return RouteResponse.html(
                500, SignInPage.error(caller, 500, "InternalFailure", "The console failed to render this page."));
    }

    /** Pages are the gateway's own: no framing, scripts from here only, never cached. */
    private static RouteResponse secure(RouteResponse response) {
        return response.withHeader(
                        "Content-Security-Policy",
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Cache-Control", "no-store");
    }

    private static CompletionStage<RouteResponse> html(CompletionStage<String> page) {
        return page.thenApply(html -> RouteResponse.html(200, html));
    }

    private static CompletionStage<RouteResponse> done(RouteResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }
}
