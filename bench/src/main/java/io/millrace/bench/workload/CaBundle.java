package io.millrace.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/**
 * The CAs an https endpoint is trusted by, from a PEM file (the AWS CLI's {@code --ca-bundle}): for instance the
 * {@code DATA/tls/ca.pem} of {@code millrace up}. Only these CAs are trusted, as the CLI does.
 */
final class CaBundle {

    private CaBundle() {}

    static TlsTrustManagersProvider trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new IllegalArgumentException(pem + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            TrustManager[] managers = factory.getTrustManagers();
            return () -> managers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA bundle " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA bundle " + pem + ": " + e.getMessage(), e);
        }
    }
}
