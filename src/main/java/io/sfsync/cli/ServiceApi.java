package io.sfsync.cli;

import io.sfsync.config.SfsyncSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The running service's admin HTTP API (routes/admin/) on camel.server.port, as the commands call it. */
final class ServiceApi {

    private ServiceApi() {
    }

    static URI uri(SfsyncSettings settings, String pathAndQuery) {
        String port = settings.get("camel.server.port");
        return URI.create("http://127.0.0.1:" + (port.isEmpty() ? "8080" : port) + pathAndQuery);
    }

    /** GET with short timeouts: a service that does not answer quickly is treated as absent or down. */
    static HttpResponse<String> get(URI uri, Duration timeout) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST without a body, for the API's actions (replay, discard). */
    static HttpResponse<String> post(URI uri, Duration timeout) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
