package io.sfsync.emulator.auth;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.org.Values;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Who the access token belongs to: the identity URL {@code /id/{orgId}/{userId}} and the OpenID Connect UserInfo
 * endpoint {@code /services/oauth2/userinfo}, both answering the emulator user's facts in Salesforce's shapes.
 *
 * <p>Token errors follow Salesforce's identity service, not the REST API: 403 with the plain-text body
 * {@code Missing_OAuth_Token} or {@code Bad_OAuth_Token}, and 404 {@code Bad_Id} for another user's URL.</p>
 */
public final class Identity {

    private final EmulatorOrg org;
    private final String baseUrl;

    public Identity(EmulatorOrg org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
    }

    /** The access token of an {@code Authorization: Bearer|OAuth} header or an {@code oauth_token} parameter. */
    static String bearerToken(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return auth.substring(7).trim();
            }
            if (auth.regionMatches(true, 0, "OAuth ", 0, 6)) {
                return auth.substring(6).trim();
            }
        }
        return Http.query(ex).get("oauth_token");
    }

    /** GET /id/{orgId}/{userId}. */
    public void identity(HttpExchange ex, String path) throws IOException {
        if (!checkToken(ex)) {
            return;
        }
        if (!path.equals(idPath()) && !path.equals(idPath().substring(0, idPath().length() - 3))) {
            plain(ex, 404, "Bad_Id");
            return;
        }
        Map<String, Object> user = user();
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("id", baseUrl + idPath());
            g.writeBooleanField("asserted_user", true);
            g.writeStringField("user_id", org.userId());
            g.writeStringField("organization_id", org.orgId());
            g.writeStringField("username", (String) user.get("Username"));
            g.writeStringField("nick_name", (String) user.get("Alias"));
            g.writeStringField("display_name", (String) user.get("Name"));
            g.writeStringField("email", (String) user.get("Email"));
            g.writeBooleanField("email_verified", true);
            g.writeStringField("first_name", (String) user.get("FirstName"));
            g.writeStringField("last_name", (String) user.get("LastName"));
            g.writeStringField("timezone", timeZone(user));
            photos(g);
            g.writeNullField("addr_street");
            g.writeNullField("addr_city");
            g.writeNullField("addr_state");
            g.writeStringField("addr_country", "US");
            g.writeNullField("addr_zip");
            g.writeNullField("mobile_phone");
            g.writeBooleanField("mobile_phone_verified", false);
            g.writeBooleanField("is_lightning_login_user", false);
            g.writeObjectFieldStart("status");
            g.writeNullField("created_date");
            g.writeNullField("body");
            g.writeEndObject();
            urls(g);
            common(g, user);
            g.writeStringField("last_modified_date", lastModified(user));
            g.writeBooleanField("is_app_installed", true);
            g.writeEndObject();
        });
    }

    /** GET or POST /services/oauth2/userinfo: the OpenID Connect UserInfo answer. */
    void userInfo(HttpExchange ex) throws IOException {
        if (!checkToken(ex)) {
            return;
        }
        Map<String, Object> user = user();
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("sub", baseUrl + idPath());
            g.writeStringField("user_id", org.userId());
            g.writeStringField("organization_id", org.orgId());
            g.writeStringField("preferred_username", (String) user.get("Username"));
            g.writeStringField("nickname", (String) user.get("Alias"));
            g.writeStringField("name", (String) user.get("Name"));
            g.writeStringField("email", (String) user.get("Email"));
            g.writeBooleanField("email_verified", true);
            g.writeStringField("given_name", (String) user.get("FirstName"));
            g.writeStringField("family_name", (String) user.get("LastName"));
            g.writeStringField("zoneinfo", timeZone(user));
            photos(g);
            g.writeStringField("profile", baseUrl + "/" + org.userId());
            g.writeStringField("picture", baseUrl + "/profilephoto/005/F");
            g.writeObjectFieldStart("address");
            g.writeStringField("country", "US");
            g.writeEndObject();
            g.writeBooleanField("is_salesforce_integration_user", false);
            urls(g);
            common(g, user);
            g.writeStringField("updated_at", lastModified(user));
            g.writeBooleanField("is_app_installed", true);
            g.writeEndObject();
        });
    }

    private String idPath() {
        return "/id/" + org.orgId() + "/" + org.userId();
    }

    private boolean checkToken(HttpExchange ex) throws IOException {
        String token = bearerToken(ex);
        if (token == null || token.isEmpty()) {
            plain(ex, 403, "Missing_OAuth_Token");
            return false;
        }
        if (!org.isValidSession(token)) {
            plain(ex, 403, "Bad_OAuth_Token");
            return false;
        }
        return true;
    }

    private Map<String, Object> user() {
        return org.get("User", org.userId()).orElseThrow();
    }

    private static String timeZone(Map<String, Object> user) {
        Object tz = user.get("TimeZoneSidKey");
        return tz == null ? "GMT" : tz.toString();
    }

    private static String lastModified(Map<String, Object> user) {
        Object v = user.get("LastModifiedDate");
        String s = v instanceof Long l ? Values.formatDateTime(l) : String.valueOf(v);
        return s.replaceFirst("\\.\\d{3}(Z|\\+0000)$", "Z"); // Salesforce answers whole seconds here
    }

    private void photos(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("photos");
        g.writeStringField("picture", baseUrl + "/profilephoto/005/F");
        g.writeStringField("thumbnail", baseUrl + "/profilephoto/005/T");
        g.writeEndObject();
    }

    /** Fields the identity URL and UserInfo share, in Salesforce's order after {@code urls}. */
    private static void common(JsonGenerator g, Map<String, Object> user) throws IOException {
        g.writeBooleanField("active", !Boolean.FALSE.equals(user.get("IsActive")));
        g.writeStringField("user_type", "STANDARD");
        g.writeStringField("language", "en_US");
        g.writeStringField("locale", "en_US");
        g.writeNumberField("utcOffset", 0);
    }

    private void urls(JsonGenerator g) throws IOException {
        String v = "/services/data/v{version}/";
        String org15 = org.orgId().substring(0, 15);
        g.writeObjectFieldStart("urls");
        g.writeStringField("enterprise", baseUrl + "/services/Soap/c/{version}/" + org15);
        g.writeStringField("metadata", baseUrl + "/services/Soap/m/{version}/" + org15);
        g.writeStringField("partner", baseUrl + "/services/Soap/u/{version}/" + org15);
        g.writeStringField("rest", baseUrl + v);
        g.writeStringField("sobjects", baseUrl + v + "sobjects/");
        g.writeStringField("search", baseUrl + v + "search/");
        g.writeStringField("query", baseUrl + v + "query/");
        g.writeStringField("recent", baseUrl + v + "recent/");
        g.writeStringField("tooling_soap", baseUrl + "/services/Soap/T/{version}/" + org15);
        g.writeStringField("tooling_rest", baseUrl + v + "tooling/");
        g.writeStringField("profile", baseUrl + "/" + org.userId());
        g.writeStringField("feeds", baseUrl + v + "chatter/feeds");
        g.writeStringField("groups", baseUrl + v + "chatter/groups");
        g.writeStringField("users", baseUrl + v + "chatter/users");
        g.writeStringField("feed_items", baseUrl + v + "chatter/feed-items");
        g.writeStringField("feed_elements", baseUrl + v + "chatter/feed-elements");
        g.writeStringField("limits", baseUrl + v + "limits/");
        g.writeStringField("custom_domain", baseUrl);
        g.writeEndObject();
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        ex.sendResponseHeaders(status, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
