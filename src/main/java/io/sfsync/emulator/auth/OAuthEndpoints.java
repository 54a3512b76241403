package io.sfsync.emulator.auth;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.http.Http;
import com.sun.net.httpserver.HttpExchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * {@code /services/oauth2/token} (password, client_credentials and JWT bearer grants), {@code /services/oauth2/revoke}
 * and the OpenID Connect {@code /services/oauth2/userinfo}.
 */
public final class OAuthEndpoints {

    private final EmulatorOrg org;
    private final String baseUrl;

    public OAuthEndpoints(EmulatorOrg org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
    }

    public void handle(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/services/oauth2/token" -> token(ex);
            case "/services/oauth2/revoke" -> revoke(ex);
            case "/services/oauth2/userinfo" -> new Identity(org, baseUrl).userInfo(ex);
            default -> Http.sendError(ex, SalesforceApiException.notFound());
        }
    }

    private void token(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            Http.sendOAuthError(ex, 400, "invalid_request", "must use HTTP POST");
            return;
        }
        Map<String, String> form = Http.parseForm(new String(Http.body(ex), StandardCharsets.UTF_8));
        Http.query(ex).forEach(form::putIfAbsent);
        String grant = form.get("grant_type");
        String clientId = form.get("client_id");
        String clientSecret = form.get("client_secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = clientId == null ? decoded.substring(0, colon) : clientId;
                clientSecret = clientSecret == null ? decoded.substring(colon + 1) : clientSecret;
            }
        }
        EmulatorConfig cfg = org.config();
        if (grant == null || grant.isEmpty()) {
            Http.sendOAuthError(ex, 400, "unsupported_grant_type", "grant type not supported");
            return;
        }
        if (grant.equals(JwtBearerGrant.GRANT_TYPE)) {
            JwtBearerGrant.Failure failure = new JwtBearerGrant(cfg, baseUrl).verify(form.get("assertion"));
            if (failure != null) {
                Http.sendOAuthError(ex, 400, failure.error(), failure.description());
                return;
            }
            sendToken(ex, cfg);
            return;
        }
        if (!grant.equals("password") && !grant.equals("client_credentials") && !grant.equals("refresh_token")) {
            Http.sendOAuthError(ex, 400, "unsupported_grant_type", "grant type not supported");
            return;
        }
        if (clientId == null || !clientId.equals(cfg.clientId())) {
            Http.sendOAuthError(ex, 400, "invalid_client_id", "client identifier invalid");
            return;
        }
        if (clientSecret == null || !constantTimeEquals(clientSecret, cfg.clientSecret())) {
            Http.sendOAuthError(ex, 400, "invalid_client", "invalid client credentials");
            return;
        }
        if (grant.equals("refresh_token")) {
            // the emulator issues no refresh tokens (neither does Salesforce for the password flow)
            Http.sendOAuthError(ex, 400, "invalid_grant", "expired access/refresh token");
            return;
        }
        if (grant.equals("password")) {
            String username = form.get("username");
            String password = form.get("password");
            if (username == null || password == null || !username.equalsIgnoreCase(cfg.username())
                    || !constantTimeEquals(password, cfg.password())) {
                Http.sendOAuthError(ex, 400, "invalid_grant", "authentication failure");
                return;
            }
        }
        sendToken(ex, cfg);
    }

    private void sendToken(HttpExchange ex, EmulatorConfig cfg) throws IOException {
        String token = org.newSession();
        String id = baseUrl + "/id/" + org.orgId() + "/" + org.userId();
        String issuedAt = Long.toString(System.currentTimeMillis());
        String signature = sign(id + issuedAt, cfg.clientSecret());
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            g.writeStringField("instance_url", baseUrl);
            g.writeStringField("id", id);
            g.writeStringField("token_type", "Bearer");
            g.writeStringField("issued_at", issuedAt);
            g.writeStringField("signature", signature);
            g.writeEndObject();
        });
    }

    private void revoke(HttpExchange ex) throws IOException {
        Map<String, String> params = Http.query(ex);
        if (ex.getRequestMethod().equals("POST")) {
            Http.parseForm(new String(Http.body(ex), StandardCharsets.UTF_8)).forEach(params::putIfAbsent);
        }
        org.revokeSession(params.get("token"));
        ex.sendResponseHeaders(200, -1);
    }

    public static String sign(String data, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
