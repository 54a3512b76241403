package io.sfsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.admin.ConflictException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.deadletter.DeadLetterJson;
import io.sfsync.deadletter.ReplayOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The dead letters through the running service's admin HTTP API (routes/admin/dead-letter*-api.camel.yaml). */
final class ServiceDeadLetters implements DeadLetterSource {

    private static final Duration READ = Duration.ofSeconds(10);
    /** A replay reads the record from Salesforce; the service retries nothing, but Salesforce may be slow. */
    private static final Duration REPLAY = Duration.ofSeconds(120);

    private final SfsyncSettings settings;

    private ServiceDeadLetters(SfsyncSettings settings) {
        this.settings = settings;
    }

    /** The running service's API, or null when no service answers on camel.server.port. */
    static ServiceDeadLetters ifRunning(SfsyncSettings settings) throws IOException, InterruptedException {
        try {
            ServiceApi.get(ServiceApi.uri(settings, "/api/health"), READ);
            return new ServiceDeadLetters(settings);
        } catch (ConnectException e) {
            return null;
        }
    }

    @Override
    public List<DeadLetter> list(DeadLetterFilter f) throws Exception {
        StringBuilder q = new StringBuilder("/api/dead-letters?limit=").append(f.limit()).append("&offset=").append(f.offset())
                .append("&status=").append(f.status() == null ? DeadLetterFilter.ANY_STATUS : f.status());
        param(q, "object", f.object());
        param(q, "operation", f.operation());
        param(q, "since", f.since() == null ? null : f.since().toString());
        return DeadLetterJson.parseList(answer(ServiceApi.get(ServiceApi.uri(settings, q.toString()), READ)));
    }

    @Override
    public DeadLetter get(long id) throws Exception {
        return DeadLetterJson.parseLetter(answer(ServiceApi.get(ServiceApi.uri(settings, "/api/dead-letters/" + id), READ)));
    }

    @Override
    public DeadLetter discard(long id) throws Exception {
        return DeadLetterJson.parseLetter(answer(ServiceApi.post(
                ServiceApi.uri(settings, "/api/dead-letters/" + id + "/discard"), READ)));
    }

    @Override
    public ReplayOutcome replay(long id) throws Exception {
        return DeadLetterJson.parseOutcome(answer(ServiceApi.post(
                ServiceApi.uri(settings, "/api/dead-letters/" + id + "/replay"), REPLAY)));
    }

    @Override
    public List<ReplayOutcome> replayAll(DeadLetterFilter f) throws Exception {
        List<DeadLetter> matching = new ArrayList<>(list(new DeadLetterFilter(f.object(), f.operation(), DeadLetter.NEW,
                f.since(), f.limit())));
        Collections.reverse(matching);
        List<ReplayOutcome> out = new ArrayList<>();
        for (DeadLetter letter : matching) {
            out.add(replay(letter.id()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "the running service at " + ServiceApi.uri(settings, "");
    }

    @Override
    public void close() {
        // nothing held between requests
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String answer(HttpResponse<String> r) throws IOException {
        String error = r.statusCode() == 200 ? null : errorOf(r.body());
        return switch (r.statusCode()) {
            case 200 -> r.body();
            case 404 -> throw new NotFoundException(error);
            case 409 -> throw new ConflictException(error);
            default -> throw new IOException("the service answered " + r.statusCode() + " to " + r.uri().getPath() + ": "
                    + error);
        };
    }

    private static String errorOf(String body) {
        try {
            String error = new ObjectMapper().readTree(body).path("error").asText(null);
            return error != null ? error : body;
        } catch (IOException notJson) {
            return body;
        }
    }
}
