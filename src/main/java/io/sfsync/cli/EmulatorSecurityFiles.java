package io.sfsync.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the connected app's JWT certificate for {@code sfsync emulator --jwt-cert FILE}. */
final class EmulatorSecurityFiles {

    private EmulatorSecurityFiles() {
    }

    /** A PEM (or DER) X.509 certificate, or a PEM {@code PUBLIC KEY} (RSA). */
    static PublicKey readPublicKey(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
            if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                String b64 = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26, text.indexOf("-----END PUBLIC KEY-----"))
                        .replaceAll("\\s", "");
                return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
            }
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes)).getPublicKey();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is neither an X.509 certificate nor an RSA public key in PEM: " + e.getMessage(), e);
        }
    }
}
