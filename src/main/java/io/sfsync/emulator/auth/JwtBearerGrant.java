package io.sfsync.emulator.auth;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.http.Http;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Set;

/**
 * The OAuth 2.0 JWT bearer flow ({@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT}).
 * The assertion must be an RS256 JWT signed with the private key of the certificate configured for the connected
 * app ({@link EmulatorConfig#withJwtCertificate}), with {@code iss} = client id, {@code sub} = the username,
 * {@code aud} = the emulator's login URL, {@code https://login.salesforce.com} or {@code https://test.salesforce.com},
 * and {@code exp} (seconds since the epoch, number or string) in the future by the wall clock.
 */
public final class JwtBearerGrant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** An OAuth error: {@code {"error": error, "error_description": description}} with HTTP 400. */
    record Failure(String error, String description) {
    }

    private final EmulatorConfig config;
    private final Set<String> audiences;

    JwtBearerGrant(EmulatorConfig config, String baseUrl) {
        this.config = config;
        this.audiences = Set.of(baseUrl, baseUrl + "/", "https://login.salesforce.com", "https://test.salesforce.com");
    }

    /** Null when the assertion is accepted, else the error to answer. */
    Failure verify(String assertion) {
        Failure invalid = new Failure("invalid_grant", "invalid assertion");
        if (assertion == null || assertion.isBlank()) {
            return invalid;
        }
        String[] parts = assertion.trim().split("\\.", -1);
        if (parts.length != 3) {
            return invalid;
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            header = Http.MAPPER.readTree(b64.decode(parts[0]));
            claims = Http.MAPPER.readTree(b64.decode(parts[1]));
            signature = b64.decode(parts[2]);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return invalid;
        }
        if (header == null || claims == null || !header.isObject() || !claims.isObject()
                || !"RS256".equals(header.path("alg").asText())) {
            return invalid;
        }
        if (!config.clientId().equals(claims.path("iss").asText())) {
            return new Failure("invalid_client_id", "client identifier invalid");
        }
        PublicKey key = config.jwtKey();
        if (key == null) {
            return new Failure("invalid_client", "no certificate is configured for this connected app (JWT bearer flow is off)");
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                return invalid;
            }
        } catch (GeneralSecurityException e) {
            return invalid;
        }
        if (!audiences.contains(claims.path("aud").asText())) {
            return new Failure("invalid_grant", "audience is invalid");
        }
        JsonNode exp = claims.get("exp");
        long expSeconds;
        try {
            expSeconds = exp == null ? 0 : exp.isNumber() ? exp.asLong() : Long.parseLong(exp.asText().trim());
        } catch (NumberFormatException e) {
            expSeconds = 0;
        }
        if (expSeconds * 1000 <= System.currentTimeMillis()) {
            return new Failure("invalid_grant", "expired authorization code");
        }
        if (!config.username().equalsIgnoreCase(claims.path("sub").asText())) {
            return new Failure("invalid_grant", "user hasn't approved this consumer");
        }
        return null;
    }
}
