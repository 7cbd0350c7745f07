package io.millrace.console.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.console.page.Caller;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.route.GatewayCalls;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the ad-hoc queries past their time limit: those whose page was closed without the browser saying so, and
 * those of a gateway that stopped. Any gateway may: the start time is in the query's name. It acts as the
 * account's root, as the platform's own housekeeping, and finds the queries by their applications and their
 * streams (a query whose start failed half-way may have only its stream).
 */
public final class ExpiredQueries {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredQueries.class);

    private final GatewayCalls calls;
    private final AdHocQueries queries;
    private final Clock clock;

    public ExpiredQueries(GatewayCalls calls, AdHocQueries queries, Clock clock) {
        this.calls = calls;
        this.queries = queries;
        this.clock = clock;
    }

    /** Deletes every expired query of the account; returns how many. */
    public int delete() throws Exception {
        Caller root = new Caller(
                calls,
                calls.openModeCaller(),
                new RequestContext("127.0.0.1", false, clock.instant(), "millrace-console", null),
                "");
        Instant before = clock.instant().minus(queries.timeLimit());
        Set<String> expired = new TreeSet<>();
        String token = null;
        do {
            String next = token;
            JsonNode page;
            try {
                page = root.call(Caller.ANALYTICS, "ListApplications", in -> {
                            in.put("Limit", 50);
                            if (next != null) {
                                in.put("NextToken", next);
                            }
                        })
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ApiException api && api.type().equals("UnknownOperationException")) {
                    return 0; // this gateway hosts no applications, so it starts no queries
                }
                throw e;
            }
            for (JsonNode application : page.path("ApplicationSummaries")) {
                expiredName(application.path("ApplicationName").asText(), before, expired);
            }
            token = page.path("NextToken").asText(null);
        } while (token != null && !token.isEmpty());
        String after = null;
        boolean more;
        do {
            String start = after;
            JsonNode page = root.call(Caller.KINESIS, "ListStreams", in -> {
                        in.put("Limit", 1000);
                        if (start != null) {
                            in.put("ExclusiveStartStreamName", start);
                        }
                    })
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            for (JsonNode name : page.path("StreamNames")) {
                expiredName(name.asText(), before, expired);
                after = name.asText();
            }
            more = page.path("HasMoreStreams").asBoolean(false) && after != null;
        } while (more);
        for (String name : expired) {
            QueryName query = QueryName.ofResource(name).orElseThrow();
            queries.delete(root, query).toCompletableFuture().get(60, TimeUnit.SECONDS);
            LOG.info("Console: query {} reached its time limit and was deleted", name);
        }
        return expired.size();
    }

    private static void expiredName(String name, Instant before, Set<String> expired) {
        QueryName.ofResource(name)
                .filter(query -> query.started().isBefore(before))
                .ifPresent(query -> expired.add(query.resource()));
    }
}
