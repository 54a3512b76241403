package io.sfsync.admin.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication in front of every route of the admin HTTP server, those a user adds included:
 * a request without the login of a configured user is answered 401 with {@code WWW-Authenticate} and a JSON
 * error; {@code /api/health} stays open for container probes.
 * <p>
 * bcrypt is checked on the event loop (about 0.1 s): it keeps the request intact for the route's body handler,
 * and a guessing client slows itself down. A login that passed is remembered by the SHA-256 of its header, so
 * the dashboard's many requests cost one check.
 */
final class BasicAuthentication implements AuthenticationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthentication.class);
    static final String OPEN_PATH = "/api/health";
    static final String REALM = "sfsync";
    private static final int REMEMBERED = 1000;

    private final AdminUsers users;
    private final Set<String> passed = ConcurrentHashMap.newKeySet();

    BasicAuthentication(AdminUsers users) {
        this.users = users;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (OPEN_PATH.equals(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String[] login = decode(header);
        if (login == null) {
            refuse(ctx, "this needs an administrator's login (HTTP Basic; the users are set with "
                    + AdminUsers.USERS_KEY + " or " + AdminUsers.USERS_FILE_KEY + ")");
            return;
        }
        String digest = sha256(header);
        if (passed.contains(digest)) {
            ctx.next();
            return;
        }
        if (!users.verify(login[0], login[1])) {
            LOG.info("admin HTTP server: refused the login of user '{}' from {}", printable(login[0]),
                    ctx.request().remoteAddress());
            refuse(ctx, "wrong user name or password");
            return;
        }
        if (passed.size() >= REMEMBERED) {
            passed.clear();
        }
        passed.add(digest);
        ctx.next();
    }

    /** User and password of a Basic {@code Authorization} header, or null when there is none or it is malformed. */
    static String[] decode(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = text.indexOf(':');
        return colon <= 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static void refuse(RoutingContext ctx, String error) {
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error.replace("\"", "'") + "\"}");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user name as the client sent it, safe for one log line. */
    private static String printable(String name) {
        String s = name.replaceAll("\\P{Print}", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
