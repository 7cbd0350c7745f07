package io.millrace.launcher.up;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.tls.LocalCertificateAuthority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a started gateway answers, as the ready line and {@code DATA/endpoints.properties} tell it.
 *
 * @param http          {@code http://host:port}, or empty when the plain port is off
 * @param https         {@code https://host:port}, or empty when the TLS port is off
 * @param caCertificate the local CA's {@code ca.pem}, when the gateway serves a certificate of its own making
 * @param trustStore    the same CA as a PKCS12 trust store, for JVM clients
 */
record GatewayEndpoints(
        Optional<String> http, Optional<String> https, Optional<Path> caCertificate, Optional<Path> trustStore) {

    static GatewayEndpoints of(Gateway gateway, String bindAddress) {
        Optional<String> http =
                gateway.port() >= 0 ? Optional.of("http://" + bindAddress + ":" + gateway.port()) : Optional.empty();
        Optional<String> https = gateway.tlsPort() >= 0
                ? Optional.of("https://" + bindAddress + ":" + gateway.tlsPort())
                : Optional.empty();
        Optional<LocalCertificateAuthority> ca = gateway.localCa();
        return new GatewayEndpoints(
                http,
                https,
                ca.map(LocalCertificateAuthority::caCertificate),
                ca.map(LocalCertificateAuthority::trustStore));
    }

    /** http first when both are served: the URL local tools have always been given. */
    List<String> urls() {
        List<String> urls = new ArrayList<>();
        http.ifPresent(urls::add);
        https.ifPresent(urls::add);
        return urls;
    }
}
