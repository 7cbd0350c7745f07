package io.millrace.gateway.http;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.rest.RestJsonMessages;
import io.millrace.gateway.protocol.rest.RestRouter;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's rest-json protocol, as Lambda speaks it: the action chosen by method and path among the routes the hosted
 * APIs declare ({@link RestRouter}), its members gathered from path, query string, headers and body
 * ({@link RestJsonMessages}); the same SigV4 check, authorization, audit and metrics as the JSON protocols. Told
 * apart from them by the absence of {@code X-Amz-Target} and a path some route takes.
 */
final class RestJsonRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RestJsonRequestHandler.class);

    private final GatewayRequestHandler host;
    private final RestRouter router;
    private final RestJsonMessages messages;
    private final SigV4Verifier verifier;
    private final String defaultRegion;
    private final String accountId;

    RestJsonRequestHandler(
            GatewayRequestHandler host,
            RestRouter router,
            RestJsonMessages messages,
            SigV4Verifier verifier,
            String defaultRegion,
            String accountId) {
        this.host = host;
        this.router = router;
        this.messages = messages;
        this.verifier = verifier;
        this.defaultRegion = defaultRegion;
        this.accountId = accountId;
    }

    /** The route of a request, or null when it is not a rest-json call (it then goes on to the JSON path). */
    RestRouter.Match route(FullHttpRequest request) {
        if (router.isEmpty() || request.headers().contains("X-Amz-Target")) {
            return null;
        }
        String uri = request.uri();
        int question = uri.indexOf('?');
        return router.match(request.method().name(), question < 0 ? uri : uri.substring(0, question));
    }

    void serve(
            ChannelHandlerContext ctx,
            long seq,
            FullHttpRequest request,
            RestRouter.Match match,
            boolean keepAlive,
            long started,
            AuditedCall audited) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        AwsService service = match.service();
        String action = match.route().action();
        String[] labels = {service.targetPrefix(), action};
        audited.target(service.targetPrefix(), action);
        AwsRequest call = null;
        try {
            if (!request.decoderResult().isSuccess()) {
                throw ApiException.serialization("Malformed HTTP request");
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            CallerIdentity identity = verifier.verify(GatewayRequestHandler.signed(request, body));
            String region = identity.region() != null ? identity.region() : defaultRegion;
            audited.identity(identity, region);
            String uri = request.uri();
            int question = uri.indexOf('?');
            var tree = messages.request(
                    match,
                    question < 0 ? "" : uri.substring(question + 1),
                    name -> request.headers().get(name),
                    ContentEncoding.decode(request.headers().get(HttpHeaderNames.CONTENT_ENCODING), body));
            audited.body(tree);
            call = new AwsRequest(
                    service.targetPrefix(),
                    action,
                    tree,
                    WireFormat.REST_JSON,
                    region,
                    accountId,
                    Instant.now(),
                    identity.principal());
            host.authorize(ctx, request, service, call);
            AwsRequest served = call;
            service.handle(call).whenComplete((output, error) -> {
                if (error != null) {
                    ApiException failure = host.toApiException(error, served);
                    host.observe(labels, failure, started);
                    answerError(ctx, seq, audited, failure, keepAlive, origin);
                    return;
                }
                RestJsonMessages.Answer answer;
                try {
                    answer = messages.answer(match.route(), output);
                } catch (RuntimeException e) {
                    ApiException failure = host.toApiException(e, served);
                    host.observe(labels, failure, started);
                    answerError(ctx, seq, audited, failure, keepAlive, origin);
                    return;
                }
                host.observe(labels, null, started);
                host.afterRecording(
                        audited,
                        output,
                        null,
                        () -> send(ctx, seq, answer, null, audited.requestId(), keepAlive, origin),
                        refused -> sendError(ctx, seq, refused, audited.requestId(), keepAlive, origin));
            });
        } catch (RuntimeException e) {
            ApiException failure = host.toApiException(e, call);
            host.observe(labels, failure, started);
            answerError(ctx, seq, audited, failure, keepAlive, origin);
        }
    }

    private void answerError(
            ChannelHandlerContext ctx,
            long seq,
            AuditedCall audited,
            ApiException error,
            boolean keepAlive,
            String origin) {
        host.afterRecording(
                audited,
                null,
                error,
                () -> sendError(ctx, seq, error, audited.requestId(), keepAlive, origin),
                refused -> sendError(ctx, seq, refused, audited.requestId(), keepAlive, origin));
    }

    private void sendError(
            ChannelHandlerContext ctx,
            long seq,
            ApiException error,
            String requestId,
            boolean keepAlive,
            String origin) {
        if (!error.isClientError()) {
            LOG.warn("Answering {} {}: {}", error.status(), error.type(), error.getMessage());
        }
        send(
                ctx,
                seq,
                new RestJsonMessages.Answer(error.status(), Map.of(), messages.error(error)),
                error.type(),
                requestId,
                keepAlive,
                origin);
    }

    private static void send(
            ChannelHandlerContext ctx,
            long seq,
            RestJsonMessages.Answer answer,
            String errorType,
            String requestId,
            boolean keepAlive,
            String origin) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, RestJsonMessages.CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        ResponseHeaders.identify(response.headers(), requestId);
        ResponseHeaders.cors(response.headers(), origin);
        if (errorType != null) {
            response.headers().set("x-amzn-ErrorType", errorType);
        }
        response.headers()
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        GatewayRequestHandler.complete(ctx, seq, response, keepAlive);
    }
}
