package io.sfsync.cli;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The running service's admin HTTP API (routes/admin/) on camel.server.port, as the commands call it. Requests carry
 * the login of {@code SFSYNC_ADMIN_USER} / {@code SFSYNC_ADMIN_PASSWORD} when both are set; a 401 stops the command
 * with a message saying which variables to set.
 */
final class ServiceApi {

    static final String USER_VARIABLE = "SFSYNC_ADMIN_USER";
    static final String PASSWORD_VARIABLE = "SFSYNC_ADMIN_PASSWORD";

    private ServiceApi() {
    }

    static URI uri(SfsyncSettings settings, String pathAndQuery) {
        String port = settings.get("camel.server.port");
        return URI.create("http://127.0.0.1:" + (port.isEmpty() ? "8080" : port) + pathAndQuery);
    }

    /** GET with short timeouts: a service that does not answer quickly is treated as absent or down. */
    static HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET());
    }

    /** POST without a body, for the API's actions (replay, discard). */
    static HttpResponse<String> post(URI uri, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        String login = login(System.getenv());
        if (login != null) {
            request.header("Authorization", login);
        }
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
            URI service = r.uri().resolve("/");
            throw new ConfigException(login == null
                    ? "the service at " + service + " needs an administrator's login (HTTP 401): set " + USER_VARIABLE
                    + " and " + PASSWORD_VARIABLE + " to one of the users of sfsync.admin.users / sfsync.admin.users-file"
                    : "the service at " + service + " refused the login of " + USER_VARIABLE + " '"
                    + System.getenv(USER_VARIABLE) + "' (HTTP 401): check " + USER_VARIABLE + " and " + PASSWORD_VARIABLE);
        }
        return r;
    }

    /** The Basic {@code Authorization} header of the two variables, or null when either is unset. */
    static String login(Map<String, String> env) {
        String user = env.get(USER_VARIABLE);
        String password = env.get(PASSWORD_VARIABLE);
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
