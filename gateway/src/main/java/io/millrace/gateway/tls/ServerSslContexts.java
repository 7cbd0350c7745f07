package io.millrace.gateway.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** The gateway's server-side TLS settings, in one place. */
public final class ServerSslContexts {

    /** What the port speaks: TLS 1.3 and 1.2 only, as AWS's endpoints require at least 1.2. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerSslContexts() {}

    /**
     * The JDK's SSLEngine (ALPN is in Java 9 and later; no native library to ship), offering h2 first and then
     * http/1.1: the SDK's async client needs h2 for SubscribeToShard (with ALPN when asked to, else by sending the
     * HTTP/2 preface at once, which the fallback pipeline takes too), and clients without ALPN (the AWS CLI, boto3,
     * the KPL) get HTTP/1.1. Cipher suites are those HTTP/2 allows (RFC 7540
     * 9.2.2: AEAD with forward secrecy), which every current HTTP/1.1 client offers too.
     */
    public static SslContext forServer(KeyMaterial material) throws SSLException {
        return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE,
                        SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
