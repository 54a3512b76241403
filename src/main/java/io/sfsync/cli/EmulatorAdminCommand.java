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
            EmulatorAdminCommand.ExpireSessions.class, EmulatorAdminCommand.Budget.class, EmulatorAdminCommand.Stats.class,
            EmulatorAdminCommand.Convert.class, EmulatorAdminCommand.AccessRule.class, EmulatorAdminCommand.ValidationRule.class,
            EmulatorAdminCommand.Undelete.class, EmulatorAdminCommand.Lock.class})
public final class EmulatorAdminCommand implements Callable<Integer> {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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
        return call(sub, method, path, params, null);
    }

    /** The same with a JSON body (POST) or another method (DELETE). */
    int call(CommandSpec sub, String method, String path, Map<String, Object> params, Map<String, Object> json)
            throws Exception {
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
        if (json != null) {
            Map<String, Object> present = new LinkedHashMap<>(json);
            present.values().removeIf(java.util.Objects::isNull);
            rb.header("Content-Type", "application/json");
            rb = rb.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(present)));
        } else {
            rb = method.equals("GET") ? rb.GET() : rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
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
                "wait (--latency-ms) and/or lose their connection mid-response, without handling the request",
                "(--drop) or after handling it, so a write is done but its answer lost (--drop-after)."})
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
        @Option(names = "--drop-after", description = "handle the request, then close the connection after a part of"
                + " its response")
        boolean dropAfter;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "POST", "faults", params("path", path, "count", count, "status", status,
                    "errorCode", errorCode, "message", message, "latencyMs", latencyMs, "drop", drop ? "true" : null,
                    "dropAfter", dropAfter ? "true" : null));
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true,
            description = {"Lists locked records, locks one (--object --id [--attempts N]: its next N write attempts",
                "fail with UNABLE_TO_LOCK_ROW) or releases all (--clear)."})
    static final class Lock implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--object", description = "sObject type, e.g. Lead")
        String object;
        @Option(names = "--id", description = "the record's Id")
        String id;
        @Option(names = "--attempts", defaultValue = "1",
                description = "write attempts that fail before the record is writable again. Default: ${DEFAULT-VALUE}")
        int attempts;
        @Option(names = "--clear", description = "release every locked record")
        boolean clear;

        @Override
        public Integer call() throws Exception {
            if (clear) {
                return admin.call(spec, "DELETE", "locks", params());
            }
            if (object == null && id == null) {
                return admin.call(spec, "GET", "locks", params());
            }
            return admin.call(spec, "POST", "locks", params("object", object, "id", id, "attempts", attempts));
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

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Converts a lead into a Contact, an Account and (unless --no-opportunity) an Opportunity.")
    static final class Convert implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--lead", required = true, description = "the Lead's Id")
        String lead;
        @Option(names = "--account-id", description = "convert into this existing Account")
        String accountId;
        @Option(names = "--no-opportunity", description = "do not create an Opportunity")
        boolean noOpportunity;
        @Option(names = "--opportunity-name", description = "name of the new Opportunity")
        String opportunityName;
        @Option(names = "--converted-status", description = "the lead status to set. Default: Closed - Converted")
        String convertedStatus;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = params("accountId", accountId, "doNotCreateOpportunity", noOpportunity,
                    "opportunityName", opportunityName, "convertedStatus", convertedStatus);
            return admin.call(spec, "POST", "leads/" + encode(lead) + "/convert", params(), body);
        }
    }

    @Command(name = "access", mixinStandardHelpOptions = true,
            description = {"Reads the sync user's field and object access, sets it (--object [--field] --access",
                "READ_WRITE|READ_ONLY|HIDDEN, for an object also NO_DELETE|OWN_RECORDS_DELETE) or puts everything",
                "back to READ_WRITE (--reset)."})
    static final class AccessRule implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--object", description = "sObject type, e.g. Lead")
        String object;
        @Option(names = "--field", description = "a field of the object; without it the whole object")
        String field;
        @Option(names = "--access", description = "READ_WRITE, READ_ONLY or HIDDEN; for an object also NO_DELETE (no "
                + "Delete permission) or OWN_RECORDS_DELETE (deletes only the records it owns: no Modify All)")
        String access;
        @Option(names = "--reset", description = "every object and field READ_WRITE again")
        boolean reset;

        @Override
        public Integer call() throws Exception {
            if (reset) {
                return admin.call(spec, "DELETE", "access", params());
            }
            if (object == null && access == null) {
                return admin.call(spec, "GET", "access", params());
            }
            return admin.call(spec, "POST", "access", params("object", object, "field", field, "access", access));
        }
    }

    @Command(name = "validation-rule", mixinStandardHelpOptions = true,
            description = {"Lists validation rules, adds one (--object --field --message --condition",
                "notBlank|notEqualTo|matches [--value]) or removes them all (--clear)."})
    static final class ValidationRule implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--object", description = "sObject type, e.g. Lead")
        String object;
        @Option(names = "--field", description = "the field the rule checks")
        String field;
        @Option(names = "--message", description = "the error message writes get")
        String message;
        @Option(names = "--condition", description = "notBlank, notEqualTo or matches")
        String condition;
        @Option(names = "--value", description = "the value for notEqualTo, the regular expression for matches")
        String value;
        @Option(names = "--clear", description = "remove every validation rule")
        boolean clear;

        @Override
        public Integer call() throws Exception {
            if (clear) {
                return admin.call(spec, "DELETE", "validation-rules", params());
            }
            if (object == null && field == null && condition == null) {
                return admin.call(spec, "GET", "validation-rules", params());
            }
            return admin.call(spec, "POST", "validation-rules", params(), params("object", object, "field", field,
                    "message", message, "condition", condition, "value", value));
        }
    }

    @Command(name = "undelete", mixinStandardHelpOptions = true,
            description = "Restores a record from the recycle bin, as Salesforce's undelete does.")
    static final class Undelete implements Callable<Integer> {
        @ParentCommand
        EmulatorAdminCommand admin;
        @Spec
        CommandSpec spec;
        @Option(names = "--object", required = true, description = "sObject type, e.g. Lead")
        String object;
        @Option(names = "--id", required = true, description = "the record's Id")
        String id;

        @Override
        public Integer call() throws Exception {
            return admin.call(spec, "POST", "sobjects/" + encode(object) + "/" + encode(id) + "/undelete", params());
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
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
