package io.sfsync.emulator;

import io.sfsync.emulator.auth.JwtBearerGrant;
import io.sfsync.emulator.http.SelfSignedCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JWT bearer login and HTTPS, through the real camel-salesforce client and on the wire. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAndHttpsTest {

    private SelfSignedCertificate appKey;
    private SelfSignedCertificate otherKey;
    private EmulatorServer server;

    @BeforeAll
    void start() throws Exception {
        appKey = SelfSignedCertificate.generate("sfsync-connected-app", null);
        otherKey = SelfSignedCertificate.generate("someone-else", null);
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(25, 0).withHttps(true)
                .withJwtCertificate(appKey.certificate()));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static SalesforceComponent component(EmulatorServer emulator, AuthenticationType type) {
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(emulator.baseUrl());
        sf.setAuthenticationType(type);
        sf.setClientId(EmulatorConfig.DEFAULT_CLIENT_ID);
        sf.setClientSecret(EmulatorConfig.DEFAULT_CLIENT_SECRET);
        SalesforceEndpointConfig endpointConfig = new SalesforceEndpointConfig();
        endpointConfig.setApiVersion("62.0");
        sf.setConfig(endpointConfig);
        return sf;
    }

    private SSLContextParameters trusting(Path trustStore) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore);
        ks.setPassword("changeit");
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }

    private static JsonNode jsonBody(Object body) throws Exception {
        return body instanceof InputStream in ? EmulatorHttp.JSON.readTree(in) : EmulatorHttp.JSON.readTree(body.toString());
    }

    @Test
    void camel_salesforce_logs_in_with_jwt_over_https_trusting_the_written_trust_store(@TempDir Path dir) throws Exception {
        Path trustStore = server.writeTrustStore(dir.resolve("emulator.p12"), "changeit");
        SalesforceComponent sf = component(server, AuthenticationType.JWT);
        sf.setUserName(EmulatorConfig.DEFAULT_USERNAME);
        KeyStoreParameters signing = new KeyStoreParameters();
        signing.setResource("file:" + appKey.keyStoreFile());
        signing.setPassword(appKey.password());
        signing.setType("PKCS12");
        sf.setKeystore(signing);
        sf.setSslContextParameters(trusting(trustStore));
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addComponent("salesforce", sf);
            ctx.start();
            JsonNode page = jsonBody(ctx.createProducerTemplate().requestBody("salesforce:query?rawPayload=true",
                    "SELECT Id FROM Lead"));
            assertThat(page.get("totalSize").asInt()).isEqualTo(server.org().count("Lead"));
        }
        assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(server.org().recentRequests()).contains("POST /services/oauth2/token");
    }

    @Test
    void the_https_certificate_covers_localhost_and_is_rejected_by_clients_that_do_not_trust_it(@TempDir Path dir) throws Exception {
        X509Certificate cert = server.certificate().orElseThrow();
        assertThat(cert.getSubjectAlternativeNames()).extracting(san -> san.get(1).toString())
                .contains("127.0.0.1", "localhost");
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(() -> new EmulatorHttp(server, untrusting).get("/services/data/"))
                .isInstanceOf(SSLHandshakeException.class);

        Path store = server.writeTrustStore(dir.resolve("t.p12"), "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        EmulatorHttp trusting = new EmulatorHttp(server, HttpClient.newBuilder().sslContext(ctx).build());
        assertThat(trusting.get("/services/data/").statusCode()).isEqualTo(200);
        assertThat(Files.readString(server.writeCertificatePem(dir.resolve("c.pem")))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void a_plain_http_emulator_has_no_certificate(@TempDir Path dir) throws Exception {
        try (EmulatorServer plain = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0))) {
            assertThat(plain.baseUrl()).startsWith("http://");
            assertThat(plain.certificate()).isEmpty();
            assertThatThrownBy(() -> plain.writeTrustStore(dir.resolve("x.p12"), "changeit"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    // ------------------------------------------------------------------ JWT errors on the wire

    private String jwt(PrivateKey key, String iss, String sub, String aud, Object exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(EmulatorHttp.JSON.writeValueAsBytes(java.util.Map.of(
                "iss", iss, "sub", sub, "aud", aud, "exp", exp)));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(s.sign());
    }

    private HttpResponse<String> jwtLogin(String assertion) throws Exception {
        EmulatorHttp api = new EmulatorHttp(server, trustedClient());
        return api.token("grant_type=" + URLEncoder.encode(JwtBearerGrant.GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8));
    }

    private HttpClient trustedClient() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("emulator", server.certificate().orElseThrow());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    private static long inFiveMinutes() {
        return System.currentTimeMillis() / 1000 + 300;
    }

    private void assertOAuthError(HttpResponse<String> r, String error, String description) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo(error);
        assertThat(json(r).get("error_description").asText()).isEqualTo(description);
    }

    @Test
    void a_valid_assertion_gets_a_token_that_works_on_the_rest_api() throws Exception {
        HttpResponse<String> r = jwtLogin(jwt(appKey.privateKey(), "sfsync-demo", "sync@sfsync.local",
                "https://login.salesforce.com", Long.toString(inFiveMinutes())));
        JsonNode token = ok(r);
        assertThat(token.get("instance_url").asText()).isEqualTo(server.baseUrl());
        EmulatorHttp api = new EmulatorHttp(server, trustedClient());
        api.token = token.get("access_token").asText();
        assertThat(api.get(V + "/limits").statusCode()).isEqualTo(200);
    }

    @Test
    void assertions_that_fail_verification_get_salesforces_oauth_errors() throws Exception {
        long exp = inFiveMinutes();
        assertOAuthError(jwtLogin(jwt(otherKey.privateKey(), "sfsync-demo", "sync@sfsync.local", server.baseUrl(), exp)),
                "invalid_grant", "invalid assertion");
        assertOAuthError(jwtLogin("not-a-jwt"), "invalid_grant", "invalid assertion");
        assertOAuthError(jwtLogin(""), "invalid_grant", "invalid assertion");
        assertOAuthError(jwtLogin(jwt(appKey.privateKey(), "sfsync-demo", "sync@sfsync.local", server.baseUrl(),
                System.currentTimeMillis() / 1000 - 1)), "invalid_grant", "expired authorization code");
        assertOAuthError(jwtLogin(jwt(appKey.privateKey(), "sfsync-demo", "sync@sfsync.local",
                "https://evil.example.com", exp)), "invalid_grant", "audience is invalid");
        assertOAuthError(jwtLogin(jwt(appKey.privateKey(), "other-app", "sync@sfsync.local", server.baseUrl(), exp)),
                "invalid_client_id", "client identifier invalid");
        assertOAuthError(jwtLogin(jwt(appKey.privateKey(), "sfsync-demo", "nobody@sfsync.local", server.baseUrl(), exp)),
                "invalid_grant", "user hasn't approved this consumer");
        List<String> alg = List.of(Base64.getUrlEncoder().encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)));
        String valid = jwt(appKey.privateKey(), "sfsync-demo", "sync@sfsync.local", server.baseUrl(), exp);
        assertOAuthError(jwtLogin(alg.get(0) + valid.substring(valid.indexOf('.'))), "invalid_grant", "invalid assertion");
    }

    @Test
    void without_a_configured_certificate_jwt_login_is_refused() throws Exception {
        try (EmulatorServer plain = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0))) {
            HttpResponse<String> r = new EmulatorHttp(plain).token("grant_type=" + URLEncoder.encode(JwtBearerGrant.GRANT_TYPE,
                    StandardCharsets.UTF_8) + "&assertion=" + URLEncoder.encode(jwt(appKey.privateKey(), "sfsync-demo",
                    "sync@sfsync.local", plain.baseUrl(), inFiveMinutes()), StandardCharsets.UTF_8));
            assertOAuthError(r, "invalid_client", "no certificate is configured for this connected app (JWT bearer flow is off)");
        }
    }
}
