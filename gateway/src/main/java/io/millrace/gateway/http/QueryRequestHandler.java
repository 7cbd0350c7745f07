package io.millrace.gateway.http;

import io.millrace.gateway.metrics.RequestMetrics;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.auth.CallerIdentity;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.query.QueryErrors;
import io.millrace.gateway.protocol.query.QueryForm;
import io.millrace.gateway.protocol.query.QueryRouter;
import io.millrace.gateway.protocol.query.QueryXml;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS's Query protocol, as IAM, STS and CloudWatch speak it: {@code POST /} with a form body
 * ({@code Content-Type: application/x-www-form-urlencoded}), or {@code GET /?Action=...}. The form names the action
 * and the API's {@code Version}; the answer is XML whose request id is the {@code x-amzn-RequestId} header's. The
 * same SigV4 check and authorization as the JSON protocols, their errors in the Query APIs' codes.
 */
final class QueryRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRequestHandler.class);
    private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
    private static final String XML_CONTENT_TYPE = "text/xml";

    private final GatewayRequestHandler host;
    private final QueryRouter router;
    private final SigV4Verifier verifier;
    private final String defaultRegion;
    private final String accountId;

    QueryRequestHandler(
            GatewayRequestHandler host,
            QueryRouter router,
            SigV4Verifier verifier,
            String defaultRegion,
            String accountId) {
        this.host = host;
        this.router = router;
        this.verifier = verifier;
        this.defaultRegion = defaultRegion;
        this.accountId = accountId;
    }

    /**
     * Whether a request is a Query call: a POST of a form (charset or not), or a GET of {@code /} with a query
     * string. Anything else stays on the JSON path, which this check leaves as it was but for one comparison.
     */
    static boolean accepts(HttpMethod method, String contentType, String uri) {
        if (method == HttpMethod.POST) {
            return contentType != null
                    && contentType.regionMatches(true, 0, FORM_CONTENT_TYPE, 0, FORM_CONTENT_TYPE.length());
        }
        return method == HttpMethod.GET && uri.startsWith("/?");
    }

    void serve(
            ChannelHandlerContext ctx,
            long seq,
            FullHttpRequest request,
            boolean keepAlive,
            long started,
            AuditedCall audited) {
        String requestId = audited.requestId();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String namespace = QueryErrors.FAULT_NAMESPACE;
        AwsRequest call = null;
        String[] labels = {RequestMetrics.OTHER_ACTION, RequestMetrics.OTHER_ACTION};
        try {
            if (!request.decoderResult().isSuccess()) {
                answerError(
                        ctx, seq, audited, QueryErrors.malformed("Malformed HTTP request"), namespace, false, origin);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            QueryForm form = request.method() == HttpMethod.GET
                    ? QueryForm.fromQueryString(request.uri().substring(2))
                    : QueryForm.fromBody(
                            ContentEncoding.decode(request.headers().get(HttpHeaderNames.CONTENT_ENCODING), body));
            audited.target(null, form.action());
            namespace = router.namespaceOf(form.version());
            CallerIdentity identity = verifier.verify(GatewayRequestHandler.signed(request, body));
            audited.identity(identity, identity.region() != null ? identity.region() : defaultRegion);
            audited.body(form.body());
            AwsService service = router.route(form, identity.service());
            audited.target(service.targetPrefix(), form.action());
            namespace = service.queryProtocol().orElseThrow().xmlNamespace();
            labels[0] = service.targetPrefix();
            labels[1] = form.action();
            call = new AwsRequest(
                    service.targetPrefix(),
                    form.action(),
                    form.body(),
                    WireFormat.QUERY,
                    identity.region() != null ? identity.region() : defaultRegion,
                    accountId,
                    Instant.now(),
                    identity.principal());
            host.authorize(ctx, request, service, call);
            AwsRequest served = call;
            String answeredIn = namespace;
            service.handle(call).whenComplete((output, error) -> {
                if (error != null) {
                    ApiException failure = host.toApiException(error, served);
                    host.observe(labels, failure, started);
                    answerError(ctx, seq, audited, failure, answeredIn, keepAlive, origin);
                    return;
                }
                host.observe(labels, null, started);
                byte[] xml;
                try {
                    xml = QueryXml.response(served.action(), output, answeredIn, requestId);
                } catch (RuntimeException e) {
                    answerError(ctx, seq, audited, host.toApiException(e, served), answeredIn, keepAlive, origin);
                    return;
                }
                host.afterRecording(
                        audited,
                        output,
                        null,
                        () -> send(ctx, seq, HttpResponseStatus.OK, xml, requestId, keepAlive, origin),
                        refused -> sendError(ctx, seq, refused, answeredIn, requestId, keepAlive, origin));
            });
        } catch (RuntimeException e) {
            ApiException failure = host.toApiException(e, call);
            host.observe(labels, failure, started);
            answerError(ctx, seq, audited, failure, namespace, keepAlive, origin);
        }
    }

    private void answerError(
            ChannelHandlerContext ctx,
            long seq,
            AuditedCall audited,
            ApiException error,
            String namespace,
            boolean keepAlive,
            String origin) {
        String requestId = audited.requestId();
        host.afterRecording(
                audited,
                null,
                QueryErrors.translate(error),
                () -> sendError(ctx, seq, error, namespace, requestId, keepAlive, origin),
                refused -> sendError(ctx, seq, refused, namespace, requestId, keepAlive, origin));
    }

    void sendError(
            ChannelHandlerContext ctx,
            long seq,
            ApiException error,
            String namespace,
            boolean keepAlive,
            String origin) {
        sendError(ctx, seq, error, namespace, UUID.randomUUID().toString(), keepAlive, origin);
    }

    private static void sendError(
            ChannelHandlerContext ctx,
            long seq,
            ApiException error,
            String namespace,
            String requestId,
            boolean keepAlive,
            String origin) {
        ApiException answered = QueryErrors.translate(error);
        if (!answered.isClientError()) {
            LOG.warn("Answering {} {}: {}", answered.status(), answered.type(), answered.getMessage());
        }
        send(
                ctx,
                seq,
                HttpResponseStatus.valueOf(answered.status()),
                QueryXml.error(answered, namespace, requestId),
                requestId,
                keepAlive,
                origin);
    }

    private static void send(
            ChannelHandlerContext ctx,
            long seq,
            HttpResponseStatus status,
            byte[] body,
            String requestId,
            boolean keepAlive,
            String origin) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, XML_CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ResponseHeaders.identify(response.headers(), requestId);
        ResponseHeaders.cors(response.headers(), origin);
        response.headers()
                .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        GatewayRequestHandler.complete(ctx, seq, response, keepAlive);
    }
}
