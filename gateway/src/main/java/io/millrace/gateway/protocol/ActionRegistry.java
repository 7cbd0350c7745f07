package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The actions of one AWS API and the thread each runs on. An action that never blocks runs on the gateway's I/O
 * thread that read the request; one that may wait (on Kafka, on Flink, on a lock) names the executor it blocks.
 * An action the registry does not know is AWS's UnknownOperationException, as AWS answers it; one of the API
 * that Millrace does not serve is refused with the same type and says so.
 *
 * <p>Each action needs the IAM permission {@code <iamPrefix>:<Action>} on {@code *} unless the API's
 * {@link AccessResolver} names the resources it acts on, as AWS's service authorization reference does.
 */
public final class ActionRegistry implements AwsService {

    /** An action that answers at once; it may throw {@link ApiException}, or wait when it runs on an executor. */
    @FunctionalInterface
    public interface Action {
        JsonNode handle(AwsRequest request) throws InterruptedException;
    }

    /** An action that answers later, through the stage it returns. */
    @FunctionalInterface
    public interface AsyncAction {
        CompletionStage<JsonNode> handle(AwsRequest request);
    }

    private final String targetPrefix;
    private final Map<String, AsyncAction> actions;
    private final Map<String, BodyReader> bodyReaders;
    private final Set<String> unsupported;
    private final Supplier<String> metrics;
    private final String iamPrefix;
    private final AccessResolver access;
    private final Optional<QueryProtocol> queryProtocol;
    private final Optional<RestJsonProtocol> restJsonProtocol;

    private ActionRegistry(Builder builder) {
        this.restJsonProtocol = Optional.ofNullable(builder.restJsonProtocol);
        this.queryProtocol = Optional.ofNullable(builder.queryProtocol);
        this.targetPrefix = builder.targetPrefix;
        this.iamPrefix = builder.iamPrefix;
        this.access = builder.access;
        this.actions = Map.copyOf(builder.actions);
        this.bodyReaders = Map.copyOf(builder.bodyReaders);
        this.unsupported = Set.copyOf(builder.unsupported);
        this.metrics = builder.metrics;
    }

    /**
     * Starts the registry of the API chosen by {@code targetPrefix} (the part of X-Amz-Target before the dot), whose
     * IAM actions are named {@code <iamPrefix>:<Action>} ({@code kinesis}, {@code firehose}, {@code dynamodb},
     * {@code kinesisanalytics}, {@code glue}, {@code iam}, {@code sts}).
     */
    public static Builder forService(String targetPrefix, String iamPrefix) {
        return new Builder(targetPrefix, iamPrefix);
    }

    @Override
    public String targetPrefix() {
        return targetPrefix;
    }

    /** Runs the request's action where it was registered to run; every failure completes the stage. */
    @Override
    public CompletionStage<JsonNode> handle(AwsRequest request) {
        AsyncAction action = actions.get(request.action());
        if (action == null) {
            return CompletableFuture.failedFuture(unknownOperation(request));
        }
        try {
            return action.handle(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What the API's resolver says; {@code <iamPrefix>:<Action>} on {@code *} for an action it leaves out (returns
     * null for); nothing for an action the registry does not know.
     */
    @Override
    public List<AccessRequest> access(AwsRequest request) {
        if (!actions.containsKey(request.action())) {
            return List.of();
        }
        List<AccessRequest> resolved = access == null ? null : access.accessOf(request);
        return resolved != null
                ? resolved
                : List.of(AccessRequest.of(iamPrefix + ":" + request.action(), AccessRequest.ANY_RESOURCE));
    }

    @Override
    public Optional<QueryProtocol> queryProtocol() {
        return queryProtocol;
    }

    @Override
    public Optional<RestJsonProtocol> restJsonProtocol() {
        return restJsonProtocol;
    }

    @Override
    public BodyReader bodyReader(String action) {
        return bodyReaders.get(action);
    }

    /** The actions registered, for a test that every one has its permission mapped. */
    public Set<String> actionNames() {
        return actions.keySet();
    }

    @Override
    public String metricsText() {
        return metrics.get();
    }

    /** Answered in the protocol of the call: an API served over Query and JSON (CloudWatch) answers each its way. */
    private ApiException unknownOperation(AwsRequest request) {
        String action = request.action();
        boolean query = request.format() == WireFormat.QUERY;
        if (unsupported.contains(action)) {
            String message = "Operation " + action + " is not supported by this Millrace endpoint yet.";
            return query ? invalidAction(message) : ApiException.unknownOperation(message);
        }
        // The Query APIs' answer (STS, IAM) is InvalidAction: "Could not find operation X for version Y".
        return query
                ? invalidAction("Could not find operation " + action + " for version "
                        + queryProtocol.get().apiVersion())
                : ApiException.unknownOperation("Unknown operation " + targetPrefix + "." + action + ".");
    }

    private static ApiException invalidAction(String message) {
        return new ApiException("InvalidAction", 400, message);
    }

    public static final class Builder {

        private final String targetPrefix;
        private final Map<String, AsyncAction> actions = new HashMap<>();
        private final Map<String, BodyReader> bodyReaders = new HashMap<>();
        private final Set<String> unsupported = new HashSet<>();
        private Supplier<String> metrics = () -> "";
        private final String iamPrefix;
        private AccessResolver access;
        private QueryProtocol queryProtocol;
        private RestJsonProtocol restJsonProtocol;

        private Builder(String targetPrefix, String iamPrefix) {
            this.targetPrefix = Objects.requireNonNull(targetPrefix);
            this.iamPrefix = Objects.requireNonNull(iamPrefix);
        }

        /** An action that never blocks: it runs on the I/O thread. */
        public Builder onIoThread(String name, Action action) {
            return register(name, request -> CompletableFuture.completedFuture(run(name, action, request)));
        }

        /** An action that never blocks and answers through a stage completed elsewhere: it starts on the I/O thread. */
        public Builder startOnIoThread(String name, AsyncAction action) {
            return register(name, action);
        }

        /** An action that may block: it runs on {@code executor}, never on an I/O thread. */
        public Builder on(Executor executor, String name, Action action) {
            Objects.requireNonNull(executor);
            return register(name, request -> CompletableFuture.supplyAsync(() -> run(name, action, request), executor));
        }

        /**
         * An action that may block before it hands its work on (a lookup that waits on Kafka, say): it starts on
         * {@code executor} and answers through the stage it returns.
         */
        public Builder startOn(Executor executor, String name, AsyncAction action) {
            Objects.requireNonNull(executor);
            return register(
                    name,
                    request -> CompletableFuture.supplyAsync(() -> action.handle(request), executor)
                            .thenCompose(Function.identity()));
        }

        /**
         * Over the network, {@code name}'s body is decoded by {@code reader} in one streaming pass instead of as a
         * tree (see {@link BodyReader}); the action must be registered too, and still take a tree (in-process calls).
         */
        public Builder readsBody(String name, BodyReader reader) {
            bodyReaders.put(name, Objects.requireNonNull(reader));
            return this;
        }

        /** Actions of the AWS API that this endpoint does not serve: refused with a message that says so. */
        public Builder unsupported(Collection<String> names) {
            unsupported.addAll(names);
            return this;
        }

        /** The permissions each call needs; see {@link ActionRegistry#access}. */
        public Builder access(AccessResolver resolver) {
            this.access = Objects.requireNonNull(resolver);
            return this;
        }

        /**
         * Serves the API over AWS's Query protocol too, chosen by {@code protocol.apiVersion()}: actions then read
         * a tree built from the form (every scalar a string) and answer a tree the gateway writes as XML (see the
         * gateway's README).
         */
        public Builder queryProtocol(QueryProtocol protocol) {
            this.queryProtocol = Objects.requireNonNull(protocol);
            return this;
        }

        /**
         * Serves the API over AWS's rest-json protocol, each action chosen by its route's method and path; every
         * action of the protocol must be registered here too.
         */
        public Builder restJsonProtocol(RestJsonProtocol protocol) {
            this.restJsonProtocol = Objects.requireNonNull(protocol);
            return this;
        }

        /** The API's series for the gateway's {@code GET /metrics} (see {@link AwsService#metricsText}). */
        public Builder metrics(Supplier<String> text) {
            this.metrics = Objects.requireNonNull(text);
            return this;
        }

        public ActionRegistry build() {
            for (String name : bodyReaders.keySet()) {
                if (!actions.containsKey(name)) {
                    throw new IllegalArgumentException(targetPrefix + "." + name + " has a body reader but no handler");
                }
            }
            if (restJsonProtocol != null) {
                for (var route : restJsonProtocol.routes()) {
                    if (!actions.containsKey(route.action())) {
                        throw new IllegalArgumentException(
                                targetPrefix + "." + route.action() + " has a route but no handler");
                    }
                }
            }
            return new ActionRegistry(this);
        }

        private Builder register(String name, AsyncAction action) {
            if (actions.putIfAbsent(name, Objects.requireNonNull(action)) != null) {
                throw new IllegalArgumentException(targetPrefix + "." + name + " is registered twice");
            }
            return this;
        }

        private static JsonNode run(String name, Action action, AwsRequest request) {
            try {
                return action.handle(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.serviceUnavailable("Interrupted while serving " + name);
            }
        }
    }
}
