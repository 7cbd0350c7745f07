package io.millrace.gateway.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate authority of one installation, kept in a directory, and the server certificate it signs for the
 * gateway: HTTPS that works at first start, which clients trust by being given {@code ca.pem} (the AWS CLI's
 * {@code --ca-bundle}, boto3's {@code verify=}, {@code AWS_CA_BUNDLE}) or {@code truststore.p12} (JVM clients).
 * The CA is made once and kept, so clients keep trusting across restarts; the server certificate is made again when
 * it nears its end or lacks a name the gateway is now reached by (another bind address, another host name).
 * Keys are ECDSA P-256: every TLS client supports them, and handshakes cost less than with RSA.
 */
public final class LocalCertificateAuthority {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCertificateAuthority.class);

    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    public static final String TRUST_STORE = "truststore.p12";
    /** The JDK's own convention for trust stores (its cacerts), so JVM users need not look it up. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /**
     * Apple's platforms refuse TLS server certificates valid for more than 398 days (support.apple.com/HT211025);
     * a few days less leaves room for clock skew.
     */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(395);
    /** A server certificate with less left than this is made again at the next start or check. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path directory;
    private final Set<String> names;
    private final Clock clock;

    /**
     * @param names host names and IP addresses the server certificate must name (see {@link #defaultNames})
     */
    public LocalCertificateAuthority(Path directory, Collection<String> names, Clock clock) {
        this.directory = directory;
        this.names = new LinkedHashSet<>(names);
        this.clock = clock;
    }

    /**
     * 127.0.0.1, ::1 and localhost, this host's name, the bind address (every interface's addresses when it is a
     * wildcard), and the extra names given.
     */
    public static List<String> defaultNames(String bindAddress, Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a host without a resolvable name: the loopback names still serve local clients
        }
        if ("0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)) {
            names.addAll(interfaceAddresses());
        } else if (bindAddress != null && !bindAddress.isBlank()) {
            names.add(bindAddress.trim());
        }
        extra.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(names::add);
        return List.copyOf(names);
    }

    private static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLinkLocalAddress()) {
                        addresses.add(address.getHostAddress().replaceFirst("%.*$", ""));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("Could not list the network interfaces for the server certificate's names: {}", e.toString());
        }
        return addresses;
    }

    public Path caCertificate() {
        return directory.resolve(CA_CERT);
    }

    public Path trustStore() {
        return directory.resolve(TRUST_STORE);
    }

    public Path serverCertificate() {
        return directory.resolve(SERVER_CERT);
    }

    public Path serverKey() {
        return directory.resolve(SERVER_KEY);
    }

    /**
     * Makes what is missing or due: the CA (and its trust store) when there is none, the server certificate when it
     * is missing, not signed by this CA, near its end, or lacks a name. Returns true when the server certificate was
     * made anew.
     */
    public synchronized boolean ensure() throws IOException {
        Files.createDirectories(directory);
        KeyMaterial ca = loadOrCreateCa();
        if (!Files.exists(trustStore())) {
            writeTrustStore(ca.certificate());
        }
        String reason = serverCertificateProblem(ca.certificate());
        if (reason == null) {
            return false;
        }
        createServerCertificate(ca, reason);
        return true;
    }

    private KeyMaterial loadOrCreateCa() throws IOException {
        Path certFile = caCertificate();
        Path keyFile = directory.resolve(CA_KEY);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return KeyMaterial.read(certFile, keyFile, null);
        }
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            // Half a CA cannot sign, and a new one would silently break every client that trusts the old one.
            throw new IOException(
                    "the local CA in " + directory + " lacks " + (Files.exists(certFile) ? CA_KEY : CA_CERT)
                            + ": restore it, or remove " + CA_CERT + " and " + CA_KEY + " to make a new CA"
                            + " (clients must then be given the new " + CA_CERT + ")");
        }
        KeyPair keys = newKeyPair();
        Instant now = clock.instant();
        X500Name subject =
                new X500Name("CN=Millrace local CA " + hostName() + " " + now.getEpochSecond() + ",O=Millrace");
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            writePrivate(keyFile, pem(keys.getPrivate()));
            writePublic(certFile, pem(certificate));
            writeTrustStore(certificate);
            LOG.info("Made a local CA in {} (give {} to clients)", directory, certFile);
            return new KeyMaterial(List.of(certificate), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a local CA: " + e.getMessage(), e);
        }
    }

    /** Null when the server certificate on disk is fine, else why it must be made again. */
    private String serverCertificateProblem(X509Certificate ca) {
        if (!Files.exists(serverCertificate()) || !Files.exists(serverKey())) {
            return "none yet";
        }
        try {
            KeyMaterial server = KeyMaterial.read(serverCertificate(), serverKey(), null);
            X509Certificate certificate = server.certificate();
            try {
                certificate.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                return "not signed by the CA in " + caCertificate();
            }
            if (certificate.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
                return "it ends on " + certificate.getNotAfter().toInstant();
            }
            Set<String> missing = normalized(names);
            missing.removeAll(subjectAlternativeNames(certificate));
            return missing.isEmpty() ? null : "it does not name " + String.join(", ", missing);
        } catch (IOException | UncheckedIOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private void createServerCertificate(KeyMaterial ca, String reason) throws IOException {
        KeyPair keys = newKeyPair();
        Instant now = clock.instant();
        X509Certificate caCert = ca.certificate();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            caCert,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(SERVER_VALIDITY)),
                            new javax.security.auth.x500.X500Principal("CN=" + commonName() + ",O=Millrace"),
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames())
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
            X509Certificate certificate = sign(builder, ca.key());
            // Key first: a reader that sees the new certificate finds its key already there.
            writePrivate(serverKey(), pem(keys.getPrivate()));
            writePublic(serverCertificate(), pem(certificate) + pem(caCert));
            LOG.info(
                    "Made the server certificate {} ({}): names {}, valid until {}",
                    serverCertificate(),
                    reason,
                    String.join(", ", names),
                    certificate.getNotAfter().toInstant());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IOException("cannot make the server certificate: " + e.getMessage(), e);
        }
    }

    private String commonName() {
        return names.stream().filter(n -> !isAddress(n)).findFirst().orElse("localhost");
    }

    private GeneralNames alternativeNames() {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    /** The names a certificate holds, normalized. */
    private static Set<String> subjectAlternativeNames(X509Certificate certificate) {
        Set<String> found = new LinkedHashSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    found.add(String.valueOf(entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // no names read: the certificate is made again
        }
        return normalized(found);
    }

    /** Names compared as the certificate holds them: lower-case DNS names, canonical address text. */
    private static Set<String> normalized(Collection<String> names) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String name : names) {
            normalized.add(isAddress(name) ? canonicalAddress(name) : name.toLowerCase(Locale.ROOT));
        }
        return normalized;
    }

    private static boolean isAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static String canonicalAddress(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private void writeTrustStore(X509Certificate ca) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("millrace-local-ca", ca);
            Path temporary = directory.resolve(TRUST_STORE + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            move(temporary, trustStore());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + trustStore() + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    /** Positive and 159 bits at most, as RFC 5280 4.1.2.2 wants serial numbers. */
    private static BigInteger serial() {
        return new BigInteger(159, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(
                    object instanceof PrivateKey key
                            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
                            : object);
        }
        return text.toString();
    }

    private void writePublic(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        move(temporary, target);
    }

    /** Readable by the owner only, from the moment it exists. */
    private void writePrivate(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        move(temporary, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
