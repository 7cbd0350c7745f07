package io.millrace.lambda.api;

import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.RestJsonProtocol;
import io.millrace.gateway.protocol.RestRoute;
import io.millrace.lambda.invoke.Concurrency;
import io.millrace.lambda.invoke.Invokers;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.lambda.store.StreamDirectory;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The Lambda API (rest-json, signing name {@code lambda}) on the gateway: each action's route as botocore's
 * {@code lambda/2015-03-31} model binds it (method, URI, status code, members in the query string and headers).
 */
public final class LambdaApi {

    /** The label of the API in metrics and the audit trail (Lambda has no X-Amz-Target prefix). */
    public static final String TARGET_PREFIX = "AWSLambda_20150331";

    private static final String FUNCTIONS = "/2015-03-31/functions";
    private static final String MAPPINGS = "/2015-03-31/event-source-mappings";

    private LambdaApi() {}

    static List<RestRoute> routes() {
        return List.of(
                RestRoute.of("POST", FUNCTIONS, "CreateFunction", 201),
                RestRoute.of("GET", FUNCTIONS + "/{FunctionName}", "GetFunction", 200)
                        .query("Qualifier", "Qualifier", RestRoute.QueryType.STRING),
                RestRoute.of("GET", FUNCTIONS + "/{FunctionName}/configuration", "GetFunctionConfiguration", 200)
                        .query("Qualifier", "Qualifier", RestRoute.QueryType.STRING),
                RestRoute.of("GET", FUNCTIONS, "ListFunctions", 200)
                        .query("Marker", "Marker", RestRoute.QueryType.STRING)
                        .query("MaxItems", "MaxItems", RestRoute.QueryType.INTEGER)
                        .query("FunctionVersion", "FunctionVersion", RestRoute.QueryType.STRING)
                        .query("MasterRegion", "MasterRegion", RestRoute.QueryType.STRING),
                // The model gives 200 and a StatusCode member; AWS answers 204, which is what is left unset.
                RestRoute.of("DELETE", FUNCTIONS + "/{FunctionName}", "DeleteFunction", 204)
                        .query("Qualifier", "Qualifier", RestRoute.QueryType.STRING)
                        .outputStatus("StatusCode"),
                RestRoute.of("POST", FUNCTIONS + "/{FunctionName}/invocations", "Invoke", 200)
                        .query("Qualifier", "Qualifier", RestRoute.QueryType.STRING)
                        .header("X-Amz-Invocation-Type", "InvocationType")
                        .header("X-Amz-Log-Type", "LogType")
                        .header("X-Amz-Client-Context", "ClientContext")
                        .payload("Payload")
                        .outputStatus("StatusCode")
                        .outputHeader("FunctionError", "X-Amz-Function-Error")
                        .outputHeader("LogResult", "X-Amz-Log-Result")
                        .outputHeader("ExecutedVersion", "X-Amz-Executed-Version")
                        .outputPayload("Payload"),
                RestRoute.of("PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency", 200),
                RestRoute.of("GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency", 200),
                RestRoute.of(
                        "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency", 204),
                RestRoute.of("POST", MAPPINGS, "CreateEventSourceMapping", 202),
                RestRoute.of("GET", MAPPINGS + "/{UUID}", "GetEventSourceMapping", 200),
                RestRoute.of("GET", MAPPINGS, "ListEventSourceMappings", 200)
                        .query("EventSourceArn", "EventSourceArn", RestRoute.QueryType.STRING)
                        .query("FunctionName", "FunctionName", RestRoute.QueryType.STRING)
                        .query("Marker", "Marker", RestRoute.QueryType.STRING)
                        .query("MaxItems", "MaxItems", RestRoute.QueryType.INTEGER),
                RestRoute.of("PUT", MAPPINGS + "/{UUID}", "UpdateEventSourceMapping", 202),
                RestRoute.of("DELETE", MAPPINGS + "/{UUID}", "DeleteEventSourceMapping", 202));
    }

    /**
     * The API's actions: the store's writes and Invoke run on {@code executor} (they wait on Kafka or on the
     * function); {@code asyncInvocations} runs the Event invocations after their 202.
     */
    public static ActionRegistry actions(
            LambdaStore store,
            StreamDirectory streams,
            Invokers invokers,
            ExecutorService executor,
            ExecutorService asyncInvocations,
            List<String> urlAllowlist,
            ProcessingResults results,
            Concurrency concurrency) {
        FunctionActions functions = new FunctionActions(store, invokers, asyncInvocations, urlAllowlist);
        MappingActions mappings = new MappingActions(store, streams, results);
        ConcurrencyActions reservations = new ConcurrencyActions(store, concurrency);
        return ActionRegistry.forService(TARGET_PREFIX, "lambda")
                .restJsonProtocol(new RestJsonProtocol("lambda", routes()))
                .on(executor, "CreateFunction", functions::create)
                .onIoThread("GetFunction", functions::get)
                .onIoThread("GetFunctionConfiguration", functions::getConfiguration)
                .onIoThread("ListFunctions", functions::list)
                .on(executor, "DeleteFunction", functions::delete)
                .on(executor, "Invoke", functions::invoke)
                .on(executor, "PutFunctionConcurrency", reservations::put)
                .onIoThread("GetFunctionConcurrency", reservations::get)
                .on(executor, "DeleteFunctionConcurrency", reservations::delete)
                .on(executor, "CreateEventSourceMapping", mappings::create)
                .onIoThread("GetEventSourceMapping", mappings::get)
                .onIoThread("ListEventSourceMappings", mappings::list)
                .on(executor, "UpdateEventSourceMapping", mappings::update)
                .on(executor, "DeleteEventSourceMapping", mappings::delete)
                .build();
    }
}
