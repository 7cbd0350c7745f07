package io.millrace.lambda.invoke;

import io.millrace.lambda.metrics.FunctionFigures;
import io.millrace.schemas.lambda.FunctionRecord;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

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

    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final FunctionFigures figures;
    private final Concurrency concurrency;

    public Invokers(ExecutorService threads, FunctionFigures figures, Concurrency concurrency) {
        this.threads = threads;
        this.figures = figures;
        this.concurrency = concurrency;
    }

    /** One invocation within the function's concurrency. */
    public InvocationResult invoke(FunctionRecord function, byte[] payload)
            throws InterruptedException, Concurrency.ThrottledException {
        concurrency.acquire(function);
        try {
            return of(function).invoke(payload);
        } finally {
            concurrency.release(function);
        }
    }

    /**
     * One invocation of the function as {@code current} holds it at each attempt, a throttled attempt tried again
     * after a backoff (100 ms doubling, at most 5 s) until it runs: Lambda retries throttled asynchronous invocations
     * and stream batches rather than losing them. {@code ifGone} is the answer once the function no longer exists.
     */
    public InvocationResult invokeWhenFree(Supplier<FunctionRecord> current, byte[] payload, InvocationResult ifGone)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            FunctionRecord function = current.get();
            if (function == null) {
                return ifGone;
            }
            try {
                return invoke(function, payload);
            } catch (Concurrency.ThrottledException e) {
                Thread.sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 10)));
            }
        }
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
