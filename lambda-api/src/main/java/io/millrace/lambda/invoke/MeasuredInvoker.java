package io.millrace.lambda.invoke;

import io.millrace.lambda.metrics.FunctionFigure;
import io.millrace.lambda.metrics.FunctionFigures;

/** A function's invoker that counts each invocation into the AWS/Lambda figures: Invocations, Errors, Duration. */
final class MeasuredInvoker implements FunctionInvoker {

    private final FunctionInvoker invoker;
    private final String functionName;
    private final FunctionFigures figures;

    MeasuredInvoker(FunctionInvoker invoker, String functionName, FunctionFigures figures) {
        this.invoker = invoker;
        this.functionName = functionName;
        this.figures = figures;
    }

    @Override
    public InvocationResult invoke(byte[] payload) throws InterruptedException {
        long start = System.nanoTime();
        InvocationResult result = invoker.invoke(payload);
        figures.add(functionName, FunctionFigure.DURATION, (System.nanoTime() - start) / 1_000_000.0);
        figures.add(functionName, FunctionFigure.INVOCATIONS, 1);
        figures.add(functionName, FunctionFigure.ERRORS, result.failed() ? 1 : 0);
        return result;
    }
}
