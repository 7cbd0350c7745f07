package io.millrace.lambda.testkit;

import io.millrace.gateway.GatewayService;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.lambda.LambdaService;
import java.util.List;
import java.util.concurrent.Callable;

/** The gateway's Lambda service, replaceable while the gateway runs: its API delegates to the current one. */
final class Holder implements GatewayService {

    private volatile LambdaService current;
    private final AwsService api;

    Holder(LambdaService first) {
        this.current = first;
        AwsService firstApi = first.apis().get(0);
        this.api = new AwsService() {
            @Override
            public String targetPrefix() {
                return firstApi.targetPrefix();
            }

            @Override
            public java.util.concurrent.CompletionStage<com.fasterxml.jackson.databind.JsonNode> handle(
                    io.millrace.gateway.protocol.AwsRequest request) {
                return current.apis().get(0).handle(request);
            }

            @Override
            public List<io.millrace.gateway.access.AccessRequest> access(
                    io.millrace.gateway.protocol.AwsRequest request) {
                return current.apis().get(0).access(request);
            }

            @Override
            public java.util.Optional<io.millrace.gateway.protocol.RestJsonProtocol> restJsonProtocol() {
                return firstApi.restJsonProtocol();
            }
        };
    }

    LambdaService current() {
        return current;
    }

    private volatile io.millrace.gateway.route.GatewayCalls calls;

    synchronized void replace(Callable<LambdaService> start) throws Exception {
        current.close();
        current = start.call();
        if (calls != null) {
            current.connect(calls);
        }
    }

    @Override
    public void connect(io.millrace.gateway.route.GatewayCalls gatewayCalls) {
        this.calls = gatewayCalls;
        current.connect(gatewayCalls);
    }

    @Override
    public List<AwsService> apis() {
        return List.of(api);
    }

    @Override
    public void close() {
        current.close();
    }
}
