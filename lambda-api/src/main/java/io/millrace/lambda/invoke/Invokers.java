package io.millrace.lambda.invoke;

import io.millrace.lambda.metrics.FunctionFigures;
import io.millrace.schemas.lambda.FunctionRecord;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The invoker of each function, made once per revision of it: a URL function's HTTP calls share one client; a Java
 * class function's handler is created once and run on the invocation threads.
 */
public final class Invokers {

    /** Where a function's code is, as CreateFunction expressed it. */
    public static boolean isUrlFunction(FunctionRecord function) {
        return function.getImageUri() != null;
    }

    private final ExecutorService threads;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Map<String, FunctionInvoker> invokers = new ConcurrentHashMap<>();

    private final FunctionFigures figures;

    public Invokers(ExecutorService threads, FunctionFigures figures) {
        this.threads = threads;
        this.figures = figures;
    }

    public FunctionInvoker of(FunctionRecord function) {
        String key = function.getArn() + "#" + function.getRevisionId();
        FunctionInvoker known = invokers.get(key);
        if (known != null) {
            return known;
        }
        // An earlier revision's invoker (or a deleted incarnation's) is dropped.
        invokers.keySet().removeIf(other -> other.startsWith(function.getArn() + "#"));
        FunctionInvoker code = isUrlFunction(function)
                ? new HttpFunctionInvoker(http, function.getImageUri(), function.getTimeoutSeconds())
                : new JavaFunctionInvoker(
                        JavaFunctionInvoker.load(function.getHandler()), threads, function.getTimeoutSeconds());
        FunctionInvoker made = new MeasuredInvoker(code, function.getName(), figures);
        FunctionInvoker raced = invokers.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /** Checks at CreateFunction that a Java handler can be created, so that the caller learns at once. */
    public static void checkHandler(String className) {
        JavaFunctionInvoker.load(className);
    }
}
