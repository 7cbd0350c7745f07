package io.millrace.cloudtrail.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StartLogging, StopLogging and GetTrailStatus: a trail delivers the events of its logging periods only, and its
 * status tells when it started and stopped and how its latest delivery went.
 */
final class LoggingActions {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingActions.class);

    private final TrailStore store;
    private final TrailActions trails;
    private final Clock clock;

    LoggingActions(TrailStore store, TrailActions trails, Clock clock) {
        this.store = store;
        this.trails = trails;
        this.clock = clock;
    }

    JsonNode start(AwsRequest request) throws InterruptedException {
        Trail trail = change(request, true);
        LOG.info("Trail {} logging", trail.name());
        return JsonNodeFactory.instance.objectNode();
    }

    JsonNode stop(AwsRequest request) throws InterruptedException {
        Trail trail = change(request, false);
        LOG.info("Trail {} stopped logging", trail.name());
        return JsonNodeFactory.instance.objectNode();
    }

    JsonNode status(AwsRequest request) {
        Trail trail = trails.existing(Fields.text(request.body(), "Name"));
        return TrailShapes.status(trail, store.status(trail).orElse(null));
    }

    private Trail change(AwsRequest request, boolean logging) throws InterruptedException {
        Trail trail = trails.existing(Fields.text(request.body(), "Name"));
        return TrailWrites.await(store.update(trail.name(), current -> {
            if (current == null || !current.incarnation().equals(trail.incarnation())) {
                throw CloudTrailErrors.trailNotFound(trail.arn(), trail.accountId());
            }
            long now = clock.millis();
            Trail next = logging ? current.started(now) : current.stopped(now);
            return next == current ? null : next;
        }));
    }
}
