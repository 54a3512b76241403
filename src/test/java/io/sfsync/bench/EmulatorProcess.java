package io.sfsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Salesforce emulator in its own JVM ({@code sfsync emulator}, -Xmx2g), so that the JVM running the sync
 * measures only the sync: one million emulated Leads alone take about 700 MB. Reached over HTTP only, as an org is:
 * the sync through camel-salesforce, the benchmark through the REST API (changes) and the admin API (call counts).
 * Process-level tests use it too: its records survive a restart of the sync, as an org's do.
 */
public final class EmulatorProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String V = "/services/data/v62.0";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private double startSeconds;
    private String token;

    private EmulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts {@code sfsync emulator} seeded with {@code leads} Leads and no Contacts; its output goes to {@code log}. */
    public static EmulatorProcess start(int leads, Path log) throws Exception {
        int port = TestApp.freePort();
        List<String> command = sfsyncCommand("2g", "emulator", "--port", String.valueOf(port),
                "--seed-leads", String.valueOf(leads), "--seed-contacts", "0");
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EmulatorProcess emulator = new EmulatorProcess(p, "http://127.0.0.1:" + port);
        long deadline = started + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the emulator exited with " + p.exitValue() + "; see " + log);
            }
            try {
                if (emulator.admin("stats").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYetListening) {
                // the emulator seeds before it listens
            }
            if (System.nanoTime() > deadline) {
                emulator.close();
                throw new IllegalStateException("the emulator did not answer within " + START_TIMEOUT + "; see " + log);
            }
            Thread.sleep(200);
        }
        emulator.startSeconds = (System.nanoTime() - started) / 1e9;
        return emulator;
    }

    /** {@code sfsync args} in a JVM of its own (-Xmx{@code maxHeap}) with this JVM's class path (surefire's). */
    static List<String> sfsyncCommand(String maxHeap, String... args) {
        return sfsyncCommand(maxHeap, System.getProperty("java.class.path"), List.of(), args);
    }

    /** {@code sfsync ARGS} in a JVM of its own on {@code classPath}, with {@code jvmOptions}. */
    static List<String> sfsyncCommand(String maxHeap, String classPath, List<String> jvmOptions, String... args) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "io.sfsync.cli.SfsyncCommand"));
        command.addAll(List.of(args));
        return command;
    }

    /** Seconds from process start until the emulator answered, seeding included. */
    double startSeconds() {
        return startSeconds;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The sync's configuration for this emulator, reached as a real org (sfsync.salesforce.mode=org). */
    public Properties syncConfig(Path dataDir) {
        Properties p = TestApp.config(dataDir,
                "sfsync.pull.bulk-threshold", PullBenchmark.BULK_THRESHOLD,
                "sfsync.pull.bulk-poll-interval-ms", "200");
        p.putAll(orgConfig());
        return p;
    }

    /** Lead only, and the keys that reach this emulator as an org: what a configuration file needs besides the database. */
    Map<String, String> orgConfig() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("sfsync.objects", "Lead");
        keys.put("sfsync.salesforce.mode", "org");
        keys.put("sfsync.salesforce.login-url", baseUrl);
        keys.put("sfsync.salesforce.client-id", EmulatorConfig.DEFAULT_CLIENT_ID);
        keys.put("sfsync.salesforce.client-secret", EmulatorConfig.DEFAULT_CLIENT_SECRET);
        keys.put("sfsync.salesforce.username", EmulatorConfig.DEFAULT_USERNAME);
        keys.put("sfsync.salesforce.password", EmulatorConfig.DEFAULT_PASSWORD);
        return keys;
    }

    /** {@code POST /_emulator/seed}: {@code count} more demo records of {@code object}, changed now. */
    public void seed(String object, int count) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/seed?object=" + enc(object)
                + "&count=" + count)).timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()));
        check(r, 200);
    }

    /** {@code POST /_emulator/faults?...}: a fault for the next matching requests (docs/emulator.md). */
    public void fault(String query) throws Exception {
        check(send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/faults?" + query))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody())), 200);
    }

    /** The records a SOQL query answers (first page), as an API client reads them. */
    public List<JsonNode> query(String soql) throws Exception {
        HttpResponse<String> r = send(api(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)).GET());
        check(r, 200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).get("records").forEach(out::add);
        return out;
    }

    /** {@code GET /_emulator/stats}: API calls used and the calls per endpoint. */
    Stats stats() throws Exception {
        HttpResponse<String> r = admin("stats");
        check(r, 200);
        JsonNode body = JSON.readTree(r.body());
        Map<String, Long> calls = new TreeMap<>();
        body.path("calls").fields().forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        return new Stats(body.get("apiCallsUsed").asLong(), calls);
    }

    record Stats(long apiCallsUsed, Map<String, Long> calls) {
        /** Calls per endpoint made between {@code before} and this snapshot (endpoints without calls left out). */
        Map<String, Long> since(Stats before) {
            Map<String, Long> out = new TreeMap<>();
            calls.forEach((k, v) -> {
                long d = v - before.calls.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }
    }

    /** Ids of {@code n} Leads spread over the whole object (ordered by Email, not by creation), by one SOQL query. */
    List<String> leadIds(int n) throws Exception {
        String soql = "SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Email ASC, Id ASC LIMIT " + n;
        HttpResponse<String> r = send(api(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)).GET());
        check(r, 200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).get("records").forEach(rec -> ids.add(rec.get("Id").asText()));
        if (ids.size() != n) {
            throw new IllegalStateException("asked for " + n + " Lead ids, got " + ids.size());
        }
        return ids;
    }

    /** {@code PATCH /sobjects/Lead/{id}}: a new Title, a mapped field, so the next cycle updates the row. */
    void changeTitle(String leadId, String title) throws Exception {
        String body = JSON.writeValueAsString(Map.of("Title", title));
        HttpResponse<String> r = send(api(V + "/sobjects/Lead/" + leadId).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        check(r, 204);
    }

    private HttpRequest.Builder api(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + accessToken());
    }

    /** An access token from the OAuth password flow with the emulator's default connected app and user (cached). */
    String accessToken() throws Exception {
        if (token == null) {
            String form = "grant_type=password"
                    + "&client_id=" + enc(EmulatorConfig.DEFAULT_CLIENT_ID)
                    + "&client_secret=" + enc(EmulatorConfig.DEFAULT_CLIENT_SECRET)
                    + "&username=" + enc(EmulatorConfig.DEFAULT_USERNAME)
                    + "&password=" + enc(EmulatorConfig.DEFAULT_PASSWORD);
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/services/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            check(r, 200);
            token = JSON.readTree(r.body()).get("access_token").asText();
        }
        return token;
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/" + path)).timeout(Duration.ofSeconds(30)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": "
                    + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The emulator's process id (its CPU time: {@link CpuTimes#process}). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
