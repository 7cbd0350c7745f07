package io.millrace.lambda.invoke;

/** Runs one function: its payload in, its response out; never throws for the function's own failures. */
public interface FunctionInvoker {
    InvocationResult invoke(byte[] payload) throws InterruptedException;
}
