package io.sfsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code sfsync emulator admin <op> --url URL}: calls a running emulator's admin API ({@code /_emulator/...}, not
 * Salesforce) and prints its JSON answer. Exit code 0 on HTTP 2xx, 1 otherwise.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Controls a running Salesforce emulator through its admin API and prints the JSON answer."},
        subcommands = {EmulatorAdminCommand.Seed.class, EmulatorAdminCommand.Fault.class, EmulatorAdminCommand.Clock.class,
            EmulatorAdminCommand.ExpireSessions.class, EmulatorAdminCommand.Budget.class, EmulatorAdminCommand.Stats.class})
public final class EmulatorAdminCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:7070", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Base URL of the emulator. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--insecure", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Accept the emulator's self-signed HTTPS certificate without checking it.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** POST or GET {@code /_emulator/<path>?params}, print the body, exit 0 for 2xx. */
    int call(CommandSpec sub, String method, String path, Map<String, Object> params) throws Exception {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(base + "/_emulator/" + path + (q.length() == 0 ? "" : "?" + q));
        HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (insecure) {
            cb.sslContext(trustAll());
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        rb = method.equals("POST") ? rb.POST(HttpRequest.BodyPublishers.noBody()) : rb.GET();
        HttpResponse<String> r = cb.build().send(rb.build(), HttpResponse.BodyHandlers.ofString());
        PrintWriter out = r.statusCode() / 100 == 2 ? sub.commandLine().getOut() : sub.commandLine().getErr();
        out.println(r.body());
        out.flush();
        return r.statusCode() / 100 == 2 ? 0 : 1;
    }

    private static javax.net.ssl.SSLContext trustAll() throws Exception {
        javax.net.ssl.TrustManager tm = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
        return ctx;
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Command(name = "seed", mixinStandardHelpOptions = true, description = "Adds N deterministic demo records.")
    static final class Seed implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--object", required = true, description = "sObject type, e.g. Lead")
        String object;
        @Option(names = "--count", required = true, description = "records to add")
        int count;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "POST", "seed", params("object", object, "count", count));
        }
    }

    @Command(name = "fault", mixinStandardHelpOptions = true,
            description = {"Makes the next N requests whose path contains --path fail (--status/--error-code),",
                "wait (--latency-ms) and/or lose their connection mid-response (--drop)."})
    static final class Fault implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--path", defaultValue = "", description = "part of the request path, e.g. /query")
        String path;
        @Option(names = "--count", defaultValue = "1", description = "how many requests. Default: ${DEFAULT-VALUE}")
        int count;
        @Option(names = "--status", description = "HTTP status of the error answer, e.g. 503")
        Integer status;
        @Option(names = "--error-code", description = "Salesforce errorCode, e.g. SERVER_UNAVAILABLE")
        String errorCode;
        @Option(names = "--message", description = "error message")
        String message;
        @Option(names = "--latency-ms", description = "added latency in milliseconds")
        Long latencyMs;
        @Option(names = "--drop", description = "close the connection after a part of the response")
        boolean drop;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "POST", "faults", params("path", path, "count", count, "status", status,
                    "errorCode", errorCode, "message", message, "latencyMs", latencyMs, "drop", drop ? "true" : null));
        }
    }

    @Command(name = "clock", mixinStandardHelpOptions = true,
            description = "Reads the emulator clock, or moves (--advance SECONDS), freezes or unfreezes it.")
    static final class Clock implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--advance", paramLabel = "SECONDS", description = "seconds to move forward (negative: back)")
        Long advance;
        @Option(names = "--freeze", description = "stop the clock")
        boolean freeze;
        @Option(names = "--unfreeze", description = "let the clock run again")
        boolean unfreeze;

        @Override
        public Integer call() throws Exception {
            if (advance != null) {
                return admin.call(spec, "POST", "clock/advance", params("seconds", advance));
            }
            if (freeze) {
                return admin.call(spec, "POST", "clock/freeze", params());
            }
            if (unfreeze) {
                return admin.call(spec, "POST", "clock/unfreeze", params());
            }
            return admin.call(spec, "GET", "clock", params());
        }
    }

    @Command(name = "expire-sessions", mixinStandardHelpOptions = true,
            description = "Invalidates every access token (clients get 401 INVALID_SESSION_ID and log in again).")
    static final class ExpireSessions implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "POST", "sessions/expire", params());
        }
    }

    @Command(name = "budget", mixinStandardHelpOptions = true,
            description = "Reads or sets the daily API request budget (--daily LIMIT, --used N).")
    static final class Budget implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--daily", description = "daily API request limit")
        Long daily;
        @Option(names = "--used", description = "API requests used today")
        Long used;

        @Override
        public Integer call() throws Exception {
            if (daily == null && used == null) {
                return admin.call(spec, "GET", "limits", params());
            }
            return admin.call(spec, "POST", "limits", params("daily", daily, "used", used));
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "API calls used, calls per endpoint, open cursors, record counts.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "GET", "stats", params());
        }
    }
}
