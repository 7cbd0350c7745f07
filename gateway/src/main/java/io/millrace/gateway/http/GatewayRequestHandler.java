package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.metrics.PrometheusText;
import io.millrace.gateway.metrics.RequestMetrics;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.BodyReader;
import io.millrace.gateway.protocol.RpcV2Target;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.auth.SignedRequest;
import io.millrace.gateway.protocol.query.QueryErrors;
import io.millrace.gateway.protocol.query.QueryRouter;
import io.millrace.gateway.protocol.rest.RestJsonMessages;
import io.millrace.gateway.protocol.rest.RestRouter;
import io.millrace.gateway.route.HttpRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AWS JSON-protocol call per HTTP request: {@code POST /} with {@code X-Amz-Target: <Service>.<Action>}; a Smithy
 * RPC v2 CBOR call ({@code POST /service/<Service>/operation/<Action>} with {@code smithy-protocol: rpc-v2-cbor},
 * its answers with that header too); or a
 * Query-protocol call (a form, {@link QueryRequestHandler}), told apart by its content type before anything else; or
 * a rest-json call (Lambda: the action in method and path, {@link RestJsonRequestHandler}).
 * Whatever arrives, the client gets an answer in AWS's error shape: a malformed request is the client's 4xx; only
 * a fault of ours is a 5xx, and it is the only thing logged with a stack trace.
 */
@ChannelHandler.Sharable
final class GatewayRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayRequestHandler.class);
    static final String EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final String RPC_V2_CONTENT_TYPE = WireFormat.RPC_V2_CBOR.contentType();

    private final Map<String, AwsService> services;
    private final SigV4Verifier verifier;
    private final Authorizer authorizer;
    private final WireCodec codec;
    private final String defaultRegion;
    private final String accountId;
    private final Supplier<String> metrics;
    private final RequestMetrics requests;
    private final RouteDispatcher routes;
    private final FailureAnswers failures = FailureAnswers.create();
    private final QueryRequestHandler query;
    private final RestJsonRequestHandler rest;
    private final AuditTrail audit;

    GatewayRequestHandler(
            List<AwsService> services,
            SigV4Verifier verifier,
            Authorizer authorizer,
            WireCodec codec,
            String defaultRegion,
            String accountId,
            Supplier<String> metrics,
            RequestMetrics requests,
            List<HttpRoute> routes,
            AuditTrail audit) {
        this.authorizer = authorizer;
        this.audit = audit;
        this.metrics = metrics;
        this.requests = requests;
        this.routes = new RouteDispatcher(routes, defaultRegion);
        this.services = new LinkedHashMap<>();
        services.forEach(service -> this.services.put(service.targetPrefix(), service));
        this.verifier = verifier;
        this.codec = codec;
        this.defaultRegion = defaultRegion;
        this.accountId = accountId;
        this.query = new QueryRequestHandler(this, new QueryRouter(services), verifier, defaultRegion, accountId);
        this.rest = new RestJsonRequestHandler(
                this, new RestRouter(services), new RestJsonMessages(codec), verifier, defaultRegion, accountId);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long started = System.nanoTime();
        long seq = ResponseOrder.of(ctx).next();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (routes.serve(ctx, seq, request, keepAlive)) {
            return;
        }
        // Before the Query check: a rest-json path is never the Query APIs' "/", and a client may send a bodiless
        // POST (Invoke without a payload) with the form content type the JDK's HttpURLConnection adds by default.
        RestRouter.Match restCall =
                request.headers().contains(RpcV2Target.PROTOCOL_HEADER) ? null : rest.route(request);
        if (restCall != null) {
            rest.serve(ctx, seq, request, restCall, keepAlive, started, audited(ctx, request));
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (QueryRequestHandler.accepts(request.method(), contentType, request.uri())) {
            query.serve(ctx, seq, request, keepAlive, started, audited(ctx, request));
            return;
        }
        boolean rpcV2 = request.headers().contains(RpcV2Target.PROTOCOL_HEADER);
        WireFormat format = rpcV2 ? WireFormat.RPC_V2_CBOR : WireFormat.fromContentType(contentType);
        AuditedCall audited = audited(ctx, request);
        if (!request.decoderResult().isSuccess()) {
            answerError(ctx, seq, format, audited, ApiException.serialization("Malformed HTTP request"), false, null);
            return;
        }
        String path = request.uri();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (request.method() == HttpMethod.OPTIONS) {
            sendPreflight(
                    ctx, seq, origin, request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS), keepAlive);
            return;
        }
        if (request.method() == HttpMethod.GET && ("/health".equals(path) || "/ping".equals(path))) {
            send(
                    ctx,
                    seq,
                    HttpResponseStatus.OK,
                    "application/json",
                    "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8),
                    keepAlive,
                    null,
                    origin);
            return;
        }
        if (request.method() == HttpMethod.GET && "/metrics".equals(path)) {
            send(
                    ctx,
                    seq,
                    HttpResponseStatus.OK,
                    PrometheusText.CONTENT_TYPE,
                    metrics.get().getBytes(StandardCharsets.UTF_8),
                    keepAlive,
                    null,
                    origin);
            return;
        }
        String[] labels = {RequestMetrics.OTHER_ACTION, RequestMetrics.OTHER_ACTION};
        try {
            if (request.method() != HttpMethod.POST) {
                throw ApiException.unknownOperation("AWS JSON APIs are called with POST / and an X-Amz-Target header;"
                        + " got " + request.method() + " " + path);
            }
            String[] target = rpcV2
                    ? rpcV2Target(request.uri())
                    : jsonTarget(request.headers().get("X-Amz-Target"));
            audited.target(target[0], target[1]);
            AwsService service = services.get(target[0]);
            if (service == null) {
                throw ApiException.unknownOperation("Unknown operation " + target[0] + "." + target[1] + ".");
            }
            labels[0] = target[0];
            labels[1] = target[1];
            byte[] body = ByteBufUtil.getBytes(request.content());
            CallerIdentity identity = verifier.verify(signed(request, body));
            String region = identity.region() != null ? identity.region() : defaultRegion;
            audited.identity(identity, region);
            byte[] content = ContentEncoding.decode(request.headers().get(HttpHeaderNames.CONTENT_ENCODING), body);
            BodyReader reader = service.bodyReader(target[1]);
            BodyReader.Decoded decoded = reader == null ? null : codec.read(format, content, reader);
            JsonNode parsed = decoded == null ? codec.read(format, content) : decoded.members();
            audited.body(parsed);
            AwsRequest call = new AwsRequest(
                    target[0],
                    target[1],
                    parsed,
                    format,
                    region,
                    accountId,
                    Instant.now(),
                    identity.principal(),
                    decoded == null ? null : decoded.value());
            authorize(ctx, request, service, call);
            service.handle(call).whenComplete((response, error) -> {
                if (error != null) {
                    ApiException failure = toApiException(error, call);
                    observe(labels, failure, started);
                    answerError(ctx, seq, format, audited, failure, keepAlive, origin);
                    return;
                }
                observe(labels, null, started);
                boolean stream = response instanceof POJONode pojo && pojo.getPojo() instanceof EventStreamReply;
                afterRecording(ctx, seq, format, audited, stream ? null : response, keepAlive, origin, () -> {
                    if (stream) {
                        startEventStream(
                                ctx,
                                seq,
                                format,
                                (EventStreamReply) ((POJONode) response).getPojo(),
                                origin,
                                audited.requestId());
                        return;
                    }
                    // An output without members is an empty body, as AWS answers (AddTagsToStream, ...).
                    ByteBuf encoded = response.isObject() && response.isEmpty()
                            ? Unpooled.EMPTY_BUFFER
                            : encode(ctx, format, response);
                    send(
                            ctx,
                            seq,
                            HttpResponseStatus.OK,
                            format.contentType(),
                            encoded,
                            keepAlive,
                            null,
                            origin,
                            null,
                            audited.requestId());
                });
            });
        } catch (RuntimeException e) {
            ApiException failure = toApiException(e, null);
            observe(labels, failure, started);
            answerError(ctx, seq, format, audited, failure, keepAlive, origin);
        }
    }

    /**
     * Counts an answered call in the latency histogram; {@code labels} are the API and action, an action the API
     * refused as unknown counted as {@link RequestMetrics#OTHER_ACTION}. An event stream is counted when it starts.
     */
    void observe(String[] labels, ApiException failure, long started) {
        boolean unknown = failure != null
                && ("UnknownOperationException".equals(failure.type()) || "InvalidAction".equals(failure.type()));
        requests.record(
                labels[0],
                unknown ? RequestMetrics.OTHER_ACTION : labels[1],
                failure == null ? 200 : failure.status(),
                System.nanoTime() - started);
    }

    AuditedCall audited(ChannelHandlerContext ctx, FullHttpRequest request) {
        return new AuditedCall(audit, ctx, request, defaultRegion, accountId);
    }

    /**
     * Runs {@code answer} once the trail holds the call, so that no answered call is missing from it; when the
     * trail cannot take it, the caller gets InternalFailure rather than a result nobody can audit.
     */
    void afterRecording(
            AuditedCall audited,
            JsonNode response,
            ApiException error,
            Runnable answer,
            Consumer<ApiException> refuse) {
        audited.record(response, error).whenComplete((recorded, failure) -> {
            if (failure == null) {
                answer.run();
            } else {
                LOG.warn("Audit trail did not take request {}: {}", audited.requestId(), failure.toString());
                refuse.accept(ApiException.internalFailure("Internal service failure."));
            }
        });
    }

    private void afterRecording(
            ChannelHandlerContext ctx,
            long seq,
            WireFormat format,
            AuditedCall audited,
            JsonNode response,
            boolean keepAlive,
            String origin,
            Runnable answer) {
        afterRecording(
                audited,
                response,
                null,
                answer,
                refused -> sendError(ctx, seq, format, refused, keepAlive, origin, audited.requestId()));
    }

    private void answerError(
            ChannelHandlerContext ctx,
            long seq,
            WireFormat format,
            AuditedCall audited,
            ApiException error,
            boolean keepAlive,
            String origin) {
        afterRecording(
                audited,
                null,
                error,
                () -> sendError(ctx, seq, format, error, keepAlive, origin, audited.requestId()),
                refused -> sendError(ctx, seq, format, refused, keepAlive, origin, audited.requestId()));
    }

    /**
     * The service prefix and action of a JSON-protocol call, from {@code X-Amz-Target: <Service>.<Action>}; the
     * action follows the last dot, as some prefixes have dots of their own
     * ({@code com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101}).
     */
    private static String[] jsonTarget(String target) {
        int dot = target == null ? -1 : target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw ApiException.unknownOperation("Missing or malformed X-Amz-Target header: " + target);
        }
        return new String[] {target.substring(0, dot), target.substring(dot + 1)};
    }

    private static String[] rpcV2Target(String uri) {
        RpcV2Target target = RpcV2Target.of(uri);
        return new String[] {target.service(), target.operation()};
    }

    /**
     * Refuses the call unless the caller may do all it needs. Open mode's authorizer allows everything, so the
     * resolving of resources is skipped there.
     */
    void authorize(ChannelHandlerContext ctx, FullHttpRequest request, AwsService service, AwsRequest call) {
        if (authorizer == Authorizer.ALLOW_ALL) {
            return;
        }
        authorize(authorizer, call.caller(), requestContext(ctx.channel(), request, call), service, call);
    }

    static void authorize(
            Authorizer authorizer, Principal principal, RequestContext context, AwsService service, AwsRequest call) {
        if (authorizer == Authorizer.ALLOW_ALL) {
            return;
        }
        for (AccessRequest needed : service.access(call)) {
            Decision decision = authorizer.authorize(principal, context, needed);
            if (!decision.allowed()) {
                throw service.accessDenied(decision.message(principal, needed));
            }
        }
    }

    private static RequestContext requestContext(Channel channel, FullHttpRequest request, AwsRequest call) {
        return ClientConnection.requestContext(channel, request, call.receivedAt(), call.region());
    }

    /**
     * Answers 200 with an event-stream body: the headers, the {@code initial-response} event (the output's
     * non-stream members, none for SubscribeToShard), then whatever the action pushes.
     */
    private void startEventStream(
            ChannelHandlerContext ctx,
            long seq,
            WireFormat format,
            EventStreamReply reply,
            String origin,
            String requestId) {
        boolean http2 = ctx.channel() instanceof Http2StreamChannel;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_CONTENT_TYPE);
        ResponseHeaders.identify(head.headers(), requestId);
        ResponseHeaders.cors(head.headers(), origin);
        if (!http2) {
            HttpUtil.setTransferEncodingChunked(head, true);
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelEventSink sink = new ChannelEventSink(ctx.channel(), codec, format, !http2);
        Runnable startBody = () -> {
            sink.event("initial-response", WireCodec.object());
            try {
                reply.start(sink);
            } catch (RuntimeException e) {
                sink.fail(toApiException(e, null));
            }
        };
        if (ctx.executor().inEventLoop()) {
            ResponseOrder.of(ctx).completeStreaming(ctx, seq, head, startBody);
        } else {
            ctx.executor().execute(() -> ResponseOrder.of(ctx).completeStreaming(ctx, seq, head, startBody));
        }
    }

    /** The response body in the channel's own buffers: one copy from the encoder, none for the socket. */
    private ByteBuf encode(ChannelHandlerContext ctx, WireFormat format, JsonNode response) {
        ByteBufChunksOutputStream out = new ByteBufChunksOutputStream(ctx.alloc());
        try {
            codec.write(format, response, out);
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
        return out.body();
    }

    static SignedRequest signed(FullHttpRequest request, byte[] body) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? "" : uri.substring(question + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), key -> new ArrayList<>()).add(header.getValue());
        }
        return new SignedRequest(request.method().name(), path, query, headers, body);
    }

    ApiException toApiException(Throwable error, AwsRequest call) {
        return failures.answer(error, call == null ? "a request" : call.targetPrefix() + "." + call.action());
    }

    /** Answers at once, ahead of anything pending: for a request refused before it was read (oversize). */
    void sendError(ChannelHandlerContext ctx, WireFormat format, ApiException error, boolean keepAlive) {
        sendError(ctx, -1, format, error, keepAlive, null, null);
    }

    /** As {@link #sendError(ChannelHandlerContext, WireFormat, ApiException, boolean)}, for a Query request. */
    void sendQueryError(ChannelHandlerContext ctx, ApiException error) {
        query.sendError(ctx, -1, error, QueryErrors.FAULT_NAMESPACE, false, null);
    }

    private void sendError(
            ChannelHandlerContext ctx,
            long seq,
            WireFormat format,
            ApiException error,
            boolean keepAlive,
            String origin,
            String requestId) {
        if (!error.isClientError()) {
            LOG.warn("Answering {} {}: {}", error.status(), error.type(), error.getMessage());
        }
        send(
                ctx,
                seq,
                HttpResponseStatus.valueOf(error.status()),
                format.contentType(),
                Unpooled.wrappedBuffer(codec.writeError(format, error)),
                keepAlive,
                error.type(),
                origin,
                error.queryCode() == null
                        ? null
                        : error.queryCode() + (error.isClientError() ? ";Sender" : ";Receiver"),
                requestId);
    }

    /** A browser's CORS preflight: what the AWS SDK for JavaScript needs to call any API from a page. */
    private static void sendPreflight(
            ChannelHandlerContext ctx, long seq, String origin, String requestedHeaders, boolean keepAlive) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ResponseHeaders.identify(response.headers());
        ResponseHeaders.preflight(response.headers(), origin, requestedHeaders);
        response.headers()
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        complete(ctx, seq, response, keepAlive);
    }

    private static void send(
            ChannelHandlerContext ctx,
            long seq,
            HttpResponseStatus status,
            String contentType,
            byte[] body,
            boolean keepAlive,
            String errorType,
            String origin) {
        send(ctx, seq, status, contentType, Unpooled.wrappedBuffer(body), keepAlive, errorType, origin, null, null);
    }

    private static void send(
            ChannelHandlerContext ctx,
            long seq,
            HttpResponseStatus status,
            String contentType,
            ByteBuf body,
            boolean keepAlive,
            String errorType,
            String origin,
            String queryError,
            String requestId) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ResponseHeaders.identify(
                response.headers(), requestId == null ? UUID.randomUUID().toString() : requestId);
        ResponseHeaders.cors(response.headers(), origin);
        if (errorType != null) {
            response.headers().set("x-amzn-ErrorType", errorType + ":");
        }
        if (queryError != null) {
            response.headers().set("x-amzn-query-error", queryError);
        }
        if (RPC_V2_CONTENT_TYPE.equals(contentType)) {
            response.headers().set(RpcV2Target.PROTOCOL_HEADER, RpcV2Target.PROTOCOL);
        }
        response.headers()
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        complete(ctx, seq, response, keepAlive);
    }

    static void complete(ChannelHandlerContext ctx, long seq, FullHttpResponse response, boolean keepAlive) {
        if (seq < 0 && ctx.channel() instanceof Http2StreamChannel) {
            // The response ends the HTTP/2 stream; the rest of the request body is discarded as it arrives.
            // Resetting the stream instead would make clients report a broken connection, not the 413.
            ctx.writeAndFlush(response);
        } else if (seq < 0) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else if (ctx.executor().inEventLoop()) {
            ResponseOrder.of(ctx).complete(ctx, seq, response, !keepAlive);
        } else {
            ctx.executor().execute(() -> ResponseOrder.of(ctx).complete(ctx, seq, response, !keepAlive));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Answers still waiting for an earlier one now hold pooled buffers: free them with the connection.
        ResponseOrder.of(ctx).discard();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
