package io.millrace.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    /** The real time: the JDK's trust check below takes the validity period at the system clock. */
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    @Test
    void firstStartMakesACaAndAServerCertificateThatItsTrustStoreAccepts() throws Exception {
        LocalCertificateAuthority ca = authority(List.of("localhost", "127.0.0.1", "::1", "gw.example"), NOW);

        assertThat(ca.ensure()).isTrue();

        KeyMaterial server = KeyMaterial.read(ca.serverCertificate(), ca.serverKey(), null);
        assertThat(server.chain()).hasSize(2);
        assertThat(server.certificate().getSubjectAlternativeNames())
                .extracting(entry -> (Object) entry.get(1))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "gw.example");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
        // The JDK's own PKIX check, as a JVM client with -Djavax.net.ssl.trustStore=truststore.p12 runs it.
        trustManager(ca.trustStore()).checkServerTrusted(server.chain().toArray(X509Certificate[]::new), "ECDHE_ECDSA");
        assertThat(Files.getPosixFilePermissions(ca.serverKey()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve(LocalCertificateAuthority.CA_KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate caCert = KeyMaterial.readChain(ca.caCertificate()).get(0);
        assertThat(caCert.getBasicConstraints()).isZero();
        assertThat(caCert.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3000)));
    }

    @Test
    void aRestartKeepsEverythingAsItWas() throws Exception {
        List<String> names = List.of("localhost", "127.0.0.1");
        authority(names, NOW).ensure();
        byte[] caBefore = Files.readAllBytes(dir.resolve(LocalCertificateAuthority.CA_CERT));
        byte[] serverBefore = Files.readAllBytes(dir.resolve(LocalCertificateAuthority.SERVER_CERT));

        assertThat(authority(names, NOW.plus(Duration.ofDays(100))).ensure()).isFalse();

        assertThat(Files.readAllBytes(dir.resolve(LocalCertificateAuthority.CA_CERT)))
                .isEqualTo(caBefore);
        assertThat(Files.readAllBytes(dir.resolve(LocalCertificateAuthority.SERVER_CERT)))
                .isEqualTo(serverBefore);
    }

    @Test
    void aNewNameOrANearEndMakesTheServerCertificateAgainUnderTheSameCa() throws Exception {
        authority(List.of("localhost"), NOW).ensure();
        byte[] caBefore = Files.readAllBytes(dir.resolve(LocalCertificateAuthority.CA_CERT));
        X509Certificate first = serverCertificate();

        LocalCertificateAuthority moved = authority(List.of("localhost", "10.1.2.3"), NOW);
        assertThat(moved.ensure()).isTrue();
        X509Certificate second = serverCertificate();
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(second.getSubjectAlternativeNames())
                .extracting(entry -> (Object) entry.get(1))
                .contains("10.1.2.3");
        trustManager(moved.trustStore())
                .checkServerTrusted(
                        KeyMaterial.readChain(moved.serverCertificate()).toArray(X509Certificate[]::new),
                        "ECDHE_ECDSA");

        assertThat(authority(List.of("localhost", "10.1.2.3"), NOW.plus(Duration.ofDays(370)))
                        .ensure())
                .isTrue();
        assertThat(serverCertificate().getSerialNumber()).isNotEqualTo(second.getSerialNumber());
        assertThat(Files.readAllBytes(dir.resolve(LocalCertificateAuthority.CA_CERT)))
                .isEqualTo(caBefore);
    }

    @Test
    void halfACaIsRefusedRatherThanReplaced() throws Exception {
        authority(List.of("localhost"), NOW).ensure();
        Files.delete(dir.resolve(LocalCertificateAuthority.CA_KEY));

        assertThatThrownBy(() -> authority(List.of("localhost"), NOW).ensure())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lacks ca-key.pem");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused(@TempDir Path other) throws Exception {
        authority(List.of("localhost"), NOW).ensure();
        new LocalCertificateAuthority(other, List.of("localhost"), Clock.fixed(NOW, ZoneOffset.UTC)).ensure();

        assertThatThrownBy(() -> KeyMaterial.read(
                        dir.resolve(LocalCertificateAuthority.SERVER_CERT),
                        other.resolve(LocalCertificateAuthority.SERVER_KEY),
                        null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void defaultNamesCoverLoopbackAndTheBindAddress() {
        assertThat(LocalCertificateAuthority.defaultNames("192.0.2.7", List.of("gw.example")))
                .contains("localhost", "127.0.0.1", "::1", "192.0.2.7", "gw.example");
        assertThat(LocalCertificateAuthority.defaultNames("0.0.0.0", List.of())).doesNotContain("0.0.0.0");
    }

    private X509Certificate serverCertificate() throws IOException {
        return KeyMaterial.readChain(dir.resolve(LocalCertificateAuthority.SERVER_CERT))
                .get(0);
    }

    private LocalCertificateAuthority authority(List<String> names, Instant now) {
        return new LocalCertificateAuthority(dir, names, Clock.fixed(now, ZoneOffset.UTC));
    }

    static X509TrustManager trustManager(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, LocalCertificateAuthority.TRUST_STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
