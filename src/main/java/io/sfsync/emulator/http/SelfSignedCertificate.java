package io.sfsync.emulator.http;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An RSA key pair with a self-signed X.509 certificate, made by the JDK's own {@code keytool} (shipped with every
 * JDK, run as a child process) because the JDK has no public API to build certificates and the project takes no
 * BouncyCastle dependency. Used for the emulator's HTTPS certificate (SAN {@code IP:127.0.0.1,DNS:localhost}) and
 * by tests as a connected app's JWT signing key.
 */
public final class SelfSignedCertificate {

    /** The alias of the key entry in {@link #keyStoreFile()}. */
    public static final String ALIAS = "sfsync-emulator";

    private final KeyStore keyStore;
    private final char[] password;
    private final Path keyStoreFile;

    private SelfSignedCertificate(KeyStore keyStore, char[] password, Path keyStoreFile) {
        this.keyStore = keyStore;
        this.password = password;
        this.keyStoreFile = keyStoreFile;
    }

    /** The certificate the emulator serves HTTPS with: CN=localhost, SAN IP:127.0.0.1 and DNS:localhost. */
    public static SelfSignedCertificate forLocalhost() throws IOException {
        return generate("localhost", "ip:127.0.0.1,dns:localhost");
    }

    /**
     * Generates a 2048-bit RSA key and a certificate valid for 10 years into a new PKCS12 file in a temporary
     * directory (deleted when the JVM exits). {@code subjectAltNames} in keytool syntax, e.g.
     * {@code ip:127.0.0.1,dns:localhost}; null for none.
     */
    public static SelfSignedCertificate generate(String commonName, String subjectAltNames) throws IOException {
        Path dir = Files.createTempDirectory("sfsync-cert-");
        Path file = dir.resolve("keystore.p12");
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String pass = HexFormat.of().formatHex(random);
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(keytool.toString(), "-genkeypair",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "3650",
                "-dname", "CN=" + commonName + ", OU=sfsync emulator", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", pass, "-keypass", pass, "-noprompt"));
        if (subjectAltNames != null && !subjectAltNames.isBlank()) {
            cmd.add("-ext");
            cmd.add("SAN=" + subjectAltNames);
        }
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
        deleteOnExit(dir);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pass.toCharArray());
            return new SelfSignedCertificate(ks, pass.toCharArray(), file);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated key store", e);
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }, "sfsync-cert-cleanup"));
    }

    public X509Certificate certificate() {
        try {
            return (X509Certificate) keyStore.getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey privateKey() {
        try {
            return (PrivateKey) keyStore.getKey(ALIAS, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS12 file holding the key and certificate (one key entry, {@link #ALIAS}). */
    public Path keyStoreFile() {
        return keyStoreFile;
    }

    /** Password of {@link #keyStoreFile()} and of its key entry. */
    public String password() {
        return new String(password);
    }

    /** A TLS context serving this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM form ({@code -----BEGIN CERTIFICATE-----}). */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM. */
    public Path writePem(Path file) throws IOException {
        Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes a PKCS12 trust store holding only the certificate (no private key), for HTTPS clients. */
    public Path writeTrustStore(Path file, String storePassword) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate());
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, storePassword.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store", e);
        }
    }
}
