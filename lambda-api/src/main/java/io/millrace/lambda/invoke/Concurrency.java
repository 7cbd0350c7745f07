package io.millrace.lambda.invoke;

import io.millrace.lambda.metrics.FunctionFigure;
import io.millrace.lambda.metrics.FunctionFigures;
import io.millrace.schemas.lambda.FunctionRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Lambda's concurrency ("Lambda function scaling", "Reserved concurrency"): a function with reserved concurrency runs
 * at most that many invocations at once; the others share the account's concurrency minus every reservation. Both
 * caps hold across the gateways: this gateway runs at most its {@link ConcurrencyShares share} of each. An
 * invocation past its limit is throttled, counted in the AWS/Lambda Throttles figure, with the reason the model's
 * ThrottleReason names; one that starts samples ConcurrentExecutions for its function and for the account.
 */
public final class Concurrency {

    /** Thrown instead of running an invocation past its function's concurrency. */
    public static final class ThrottledException extends Exception {
        private final String reason;

        ThrottledException(String message, String reason) {
            super(message, null, false, false);
            this.reason = reason;
        }

        /** TooManyRequestsException's Reason (ThrottleReason in the model). */
        public String reason() {
            return reason;
        }
    }

    private final int accountLimit;
    private final IntSupplier reservedTotal;
    private final FunctionFigures figures;
    private final ConcurrencyShares shares;
    private final Map<String, Integer> running = new HashMap<>();
    private int unreservedRunning;
    private int total;

    /**
     * @param accountLimit  the account's concurrent executions
     * @param reservedTotal the concurrency the functions reserve between them, as the store holds it now
     * @param shares        this gateway's part of each limit
     */
    public Concurrency(int accountLimit, IntSupplier reservedTotal, FunctionFigures figures, ConcurrencyShares shares) {
        this.shares = shares;
        this.accountLimit = accountLimit;
        this.reservedTotal = reservedTotal;
        this.figures = figures;
    }

    /** The concurrency the unreserved functions share. */
    public int unreservedLimit() {
        return Math.max(0, accountLimit - reservedTotal.getAsInt());
    }

    public int accountLimit() {
        return accountLimit;
    }

    /** Takes a slot for one invocation of {@code function}; release it with {@link #release}. */
    void acquire(FunctionRecord function) throws ThrottledException {
        String name = function.getName();
        Integer reserved = function.getReservedConcurrentExecutions();
        // The reservations are summed over the store's functions: done before the lock, which every invocation takes.
        int limit = reserved != null ? shares.shareOf(reserved, name) : shares.shareOf(unreservedLimit(), "");
        int forFunction;
        int all;
        synchronized (this) {
            int mine = running.getOrDefault(name, 0);
            boolean free = reserved != null ? mine < limit : unreservedRunning < limit;
            if (!free) {
                figures.add(name, FunctionFigure.THROTTLES, 1);
                throw new ThrottledException(
                        "Rate Exceeded.",
                        reserved != null
                                ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                : "ConcurrentInvocationLimitExceeded");
            }
            running.put(name, mine + 1);
            if (reserved == null) {
                unreservedRunning++;
            }
            forFunction = mine + 1;
            all = ++total;
        }
        figures.add(name, FunctionFigure.CONCURRENT_EXECUTIONS, forFunction);
        figures.addAccount(FunctionFigure.CONCURRENT_EXECUTIONS, all);
    }

    void release(FunctionRecord function) {
        String name = function.getName();
        synchronized (this) {
            running.computeIfPresent(name, (n, count) -> count <= 1 ? null : count - 1);
            if (function.getReservedConcurrentExecutions() == null) {
                unreservedRunning--;
            }
            total--;
        }
    }
}
