package io.sfsync.emulator;

import io.sfsync.emulator.auth.JwtBearerGrant;
import io.sfsync.emulator.http.SelfSignedCertificate;
import io.sfsync.cli.EmulatorCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code sfsync emulator --https --trust-store FILE --jwt-cert FILE}. */
class EmulatorCommandHttpsTest {

    @Test
    void starts_with_https_writes_the_trust_store_and_accepts_jwts_signed_for_the_given_certificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate app = SelfSignedCertificate.generate("app", null);
        Path pem = app.writePem(dir.resolve("app.pem"));
        Path store = dir.resolve("trust.p12");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EmulatorCommand cmd = new EmulatorCommand(new PrintStream(buf, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute("--port", "0",
                "--seed-leads", "1", "--seed-contacts", "0", "--https", "--trust-store", store.toString(),
                "--jwt-cert", pem.toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> buf.toString(StandardCharsets.UTF_8).contains("Press Ctrl+C"));
        EmulatorServer server = cmd.runningServer().orElseThrow();
        String banner = buf.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("https://127.0.0.1:", store.toAbsolutePath().toString(), "trust.pem", "JWT bearer flow: on");
        assertThat(Files.size(store)).isPositive();
        assertThat(Files.readString(dir.resolve("trust.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

        // the admin command reaches the HTTPS emulator with --insecure
        StringWriter out = new StringWriter();
        CommandLine admin = new CommandLine(new EmulatorCommand());
        admin.setOut(new PrintWriter(out));
        assertThat(admin.execute("admin", "stats", "--insecure", "--url", server.baseUrl())).isZero();
        assertThat(out.toString()).contains("\"records\"");

        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"sfsync-demo\",\"sub\":\"sync@sfsync.local\",\"aud\":\""
                + server.baseUrl() + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(app.privateKey());
        s.update((head + "." + claims).getBytes(StandardCharsets.US_ASCII));
        String jwt = head + "." + claims + "." + b64.encodeToString(s.sign());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        EmulatorHttp api = new EmulatorHttp(server, java.net.http.HttpClient.newBuilder().sslContext(ssl).build());
        assertThat(api.token("grant_type=" + URLEncoder.encode(JwtBearerGrant.GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + jwt).statusCode()).isEqualTo(200);
        cmd.stop();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void an_unreadable_jwt_certificate_is_an_error(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--port", "0", "--jwt-cert", bad.toString())).isNotZero();
    }
}
