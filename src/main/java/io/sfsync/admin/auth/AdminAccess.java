package io.sfsync.admin.auth;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the admin HTTP server (L6), decided at start: with users configured, every request but
 * {@code /api/health} needs one's login; without users, the server may only listen on a loopback address,
 * so that a service bound to the network is never open to anyone on it.
 */
public final class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    static final String HOST_KEY = "camel.server.host";

    private AdminAccess() {
    }

    /** The configured users; a non-loopback address without users stops start-up with a message naming the keys. */
    public static AdminUsers check(SfsyncSettings settings) {
        AdminUsers users = AdminUsers.load(settings);
        if (!settings.get("camel.server.enabled").equalsIgnoreCase("true")) {
            return users;
        }
        String host = settings.get(HOST_KEY);
        if (users.isEmpty() && !isLoopback(host)) {
            throw new ConfigException("the admin HTTP server would listen on " + (host.isEmpty() ? "every address" : host)
                    + " (" + HOST_KEY + ") without users: anyone on the network could read the sync-status log and "
                    + "replay records. Set " + AdminUsers.USERS_KEY + " (SFSYNC_ADMIN_USERS=name:bcrypt-hash) or "
                    + AdminUsers.USERS_FILE_KEY + " (a file of name:bcrypt-hash lines; make a hash with: java -jar "
                    + "sfsync.jar admin hash-password), or set " + HOST_KEY + "=127.0.0.1");
        }
        if (users.isEmpty()) {
            LOG.warn("The admin HTTP server on {} has no users: it answers anyone on this machine without a login. "
                    + "To require one, set {} or {} (make a hash with: java -jar sfsync.jar admin hash-password)",
                    host, AdminUsers.USERS_KEY, AdminUsers.USERS_FILE_KEY);
        } else {
            LOG.info("The admin HTTP server needs the login of one of {} user(s) for everything but /api/health",
                    users.size());
        }
        return users;
    }

    static boolean isLoopback(String host) {
        if (host.isEmpty()) {
            return false; // Vert.x's default binds every address
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
