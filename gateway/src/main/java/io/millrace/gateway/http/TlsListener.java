package io.millrace.gateway.http;

import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * The HTTPS listener of a gateway.
 *
 * @param port    the port, 0 for a free one
 * @param context the TLS context of each new connection, asked per connection so that a new certificate takes
 *                effect without a restart
 */
public record TlsListener(int port, Supplier<SslContext> context) {}
