package io.millrace.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.lambda.errors.LambdaErrors;
import io.millrace.lambda.invoke.Concurrency;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.schemas.lambda.FunctionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency: a function's reserved concurrency,
 * kept on its record, which {@link Concurrency} enforces on every invocation.
 */
final class ConcurrencyActions {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyActions.class);

    /**
     * AWS keeps at least this much of the account's concurrency unreserved ("Configuring reserved concurrency":
     * "Lambda requires at least 100 units of unreserved concurrency").
     */
    static final int MIN_UNRESERVED = 100;

    private final LambdaStore store;
    private final Concurrency concurrency;

    ConcurrencyActions(LambdaStore store, Concurrency concurrency) {
        this.store = store;
        this.concurrency = concurrency;
    }

    JsonNode put(AwsRequest request) throws InterruptedException {
        Integer reserved = Fields.integer(request.body(), "ReservedConcurrentExecutions");
        // ReservedConcurrentExecutions: required, min 0 (botocore's lambda model).
        new Validation()
                .required("reservedConcurrentExecutions", reserved)
                .range("reservedConcurrentExecutions", reserved, 0, Integer.MAX_VALUE)
                .throwIfInvalid();
        String name = nameOf(request);
        FunctionRecord written = StoreWrites.await(store.updateFunction(name, current -> {
            if (current == null) {
                throw notFound(request, name);
            }
            int others = 0;
            for (FunctionRecord function : store.functions()) {
                if (!function.getName().equals(name) && function.getReservedConcurrentExecutions() != null) {
                    others += function.getReservedConcurrentExecutions();
                }
            }
            if (concurrency.accountLimit() - others - reserved < MIN_UNRESERVED) {
                throw LambdaErrors.invalidParameter("Specified ReservedConcurrentExecutions for function decreases"
                        + " account's UnreservedConcurrentExecution below its minimum value of [" + MIN_UNRESERVED
                        + "].");
            }
            return FunctionRecord.newBuilder(current)
                    .setReservedConcurrentExecutions(reserved)
                    .build();
        }));
        LOG.info("Function {}: reserved concurrency {}", name, reserved);
        return shape(written);
    }

    JsonNode get(AwsRequest request) {
        String name = nameOf(request);
        return shape(store.function(name).orElseThrow(() -> notFound(request, name)));
    }

    JsonNode delete(AwsRequest request) throws InterruptedException {
        String name = nameOf(request);
        StoreWrites.await(store.updateFunction(name, current -> {
            if (current == null) {
                throw notFound(request, name);
            }
            return FunctionRecord.newBuilder(current)
                    .setReservedConcurrentExecutions(null)
                    .build();
        }));
        LOG.info("Function {}: reserved concurrency removed", name);
        return WireCodec.object();
    }

    private static ObjectNode shape(FunctionRecord function) {
        ObjectNode out = WireCodec.object();
        if (function.getReservedConcurrentExecutions() != null) {
            out.put("ReservedConcurrentExecutions", function.getReservedConcurrentExecutions());
        }
        return out;
    }

    private static String nameOf(AwsRequest request) {
        String functionName = Fields.text(request.body(), "FunctionName");
        new Validation()
                .required("functionName", functionName)
                .length("functionName", functionName, 1, 140)
                .throwIfInvalid();
        return FunctionNames.parse(functionName, request.region(), request.accountId())
                .name();
    }

    private static RuntimeException notFound(AwsRequest request, String name) {
        return LambdaErrors.functionNotFound(FunctionNames.arn(request.region(), request.accountId(), name));
    }
}
