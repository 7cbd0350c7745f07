package io.millrace.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A server certificate, its chain and its private key, read from PEM files and checked to belong together, so that
 * a half-replaced pair is refused when it is read rather than at every client's handshake.
 *
 * @param chain the server certificate first, then the certificates that lead to the CA clients trust
 * @param key   the private key of {@code chain.get(0)}
 */
public record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {

    /** Any PEM key a CA or openssl writes: PKCS#8 (encrypted or not), PKCS#1 RSA and SEC1 EC keys. */
    public static KeyMaterial read(Path certFile, Path keyFile, String password) throws IOException {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile, password);
        requireMatch(chain.get(0), key, certFile, keyFile);
        return new KeyMaterial(chain, key);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    static List<X509Certificate> readChain(Path certFile) throws IOException {
        try (InputStream in = Files.newInputStream(certFile)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
            if (chain.isEmpty()) {
                throw new IOException(certFile + " holds no certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    static PrivateKey readKey(Path keyFile, String password) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object;
            // openssl writes "EC PARAMETERS" before an EC key: anything that is not a key is passed over.
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password(password, keyFile))));
                }
                if (object instanceof PEMEncryptedKeyPair encrypted) {
                    return converter
                            .getKeyPair(encrypted.decryptKeyPair(
                                    new JcePEMDecryptorProviderBuilder().build(password(password, keyFile))))
                            .getPrivate();
                }
            }
            throw new IOException(keyFile + " holds no PEM private key");
        } catch (PEMException | PKCSException | OperatorCreationException e) {
            throw new IOException(keyFile + ": cannot read the private key: " + e.getMessage(), e);
        }
    }

    private static char[] password(String password, Path keyFile) throws IOException {
        if (password == null) {
            throw new IOException(keyFile + " is encrypted: set its password");
        }
        return password.toCharArray();
    }

    /** Signs a few bytes with the key and verifies them with the certificate: the one check every key type has. */
    private static void requireMatch(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile)
            throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "millrace".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new IOException("the private key in " + keyFile + " does not belong to the certificate in " + certFile
                + " (" + certificate.getSubjectX500Principal().getName() + ")");
    }
}
