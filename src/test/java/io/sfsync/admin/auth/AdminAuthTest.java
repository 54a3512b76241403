package io.sfsync.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.testing.Cli;
import io.sfsync.testing.TestApp;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** L6: the admin HTTP server answers administrators only; /api/health stays open; the start-up rules for users. */
class AdminAuthTest {

    @TempDir
    static Path data;

    @TempDir
    Path dir;

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(TestApp.withAdmin(TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "0"),
                "admin", "s3cret pass"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> anonymous(String path) throws Exception {
        return TestApp.send(HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + path)).build());
    }

    private static HttpResponse<String> as(String user, String password, String path) throws Exception {
        return TestApp.send(HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + path))
                .header("Authorization", TestApp.basic(user, password)).build());
    }

    @Test
    void every_path_but_health_is_answered_401_without_an_administrators_login() throws Exception {
        for (String path : List.of("/api/sync-steps", "/api/sync-steps?limit=1", "/metrics", "/dashboard/", "/",
                "/api/dead-letters", "/a-route-a-user-adds")) {
            HttpResponse<String> r = anonymous(path);

            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValue("Basic realm=\"sfsync\"");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).startsWith("{\"error\":\"this needs an administrator's login");
        }
        HttpResponse<String> health = anonymous("/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":");
    }

    @Test
    void a_wrong_password_an_unknown_user_or_a_malformed_header_is_answered_401() throws Exception {
        for (HttpResponse<String> r : List.of(as("admin", "wrong", "/api/sync-steps"), as("nobody", "s3cret pass", "/metrics"),
                as("admin", "S3cret pass", "/dashboard/"),
                TestApp.send(HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/sync-steps"))
                        .header("Authorization", "Basic not-base64!").build()))) {
            assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(as("admin", "wrong", "/api/sync-steps").body()).isEqualTo("{\"error\":\"wrong user name or password\"}");
    }

    @Test
    void the_administrators_login_opens_every_path() throws Exception {
        // a POST first, before the login is remembered: the request reaches its route intact
        HttpResponse<String> discard = app.post("/api/dead-letters/999999/discard");
        assertThat(discard.statusCode()).as(discard.body()).isEqualTo(404);

        HttpResponse<String> steps = app.get("/api/sync-steps?limit=5");
        assertThat(steps.statusCode()).isEqualTo(200);
        assertThat(steps.body()).startsWith("[");
        assertThat(app.get("/api/dead-letters").statusCode()).isEqualTo(200);
        assertThat(app.get("/dashboard/").statusCode()).isNotEqualTo(401);
        assertThat(app.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void a_non_loopback_address_without_users_stops_start_up_with_exit_code_2_naming_the_keys() throws Exception {
        Properties config = TestApp.config(dir.resolve("data"), "camel.server.host", "0.0.0.0");

        Cli.Result r = Cli.run("run", "--once", "--config", Cli.configFile(dir, config).toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("the admin HTTP server would listen on 0.0.0.0 (camel.server.host) without users")
                .contains("sfsync.admin.users").contains("sfsync.admin.users-file").contains("admin hash-password")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("data")).as("nothing was opened").doesNotExist();
    }

    @Test
    void a_non_loopback_address_with_users_starts() {
        Properties config = TestApp.withAdmin(TestApp.config(dir.resolve("data"), "camel.server.host", "0.0.0.0"), "a", "b");

        assertThat(AdminAccess.check(new SfsyncSettings(config)).size()).isEqualTo(1);
        assertThat(AdminAccess.isLoopback("127.0.0.1")).isTrue();
        assertThat(AdminAccess.isLoopback("localhost")).isTrue();
        assertThat(AdminAccess.isLoopback("::1")).isTrue();
        assertThat(AdminAccess.isLoopback("0.0.0.0")).isFalse();
        assertThat(AdminAccess.isLoopback("")).isFalse();
    }

    @Test
    void malformed_users_entries_name_the_file_and_line_or_the_key_and_never_show_what_they_hold() throws Exception {
        String good = AdminUsers.hash("pw", 4);
        Path file = dir.resolve("users");
        Files.writeString(file, "# administrators\n\nops:" + good + "\nbob:hunter2\nalice " + good + "\nops:" + good + "\n");
        Properties config = TestApp.config(dir.resolve("data"), "sfsync.admin.users-file", file.toString(),
                "sfsync.admin.users", "carol:" + good + ",dave:plaintext-secret");

        assertThatThrownBy(() -> AdminUsers.load(new SfsyncSettings(config)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toAbsolutePath() + " line 4 (sfsync.admin.users-file): user 'bob': what follows "
                        + "the name is not a bcrypt hash")
                .hasMessageContaining(file.toAbsolutePath() + " line 5 (sfsync.admin.users-file): not name:bcrypt-hash")
                .hasMessageContaining(file.toAbsolutePath() + " line 6 (sfsync.admin.users-file): user 'ops' is defined "
                        + "twice (also at " + file.toAbsolutePath() + " line 3")
                .hasMessageContaining("configuration key 'sfsync.admin.users' entry 2: user 'dave'")
                .hasMessageContaining("java -jar sfsync.jar admin hash-password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("plaintext-secret")
                        .doesNotContain(good));
    }

    @Test
    void a_malformed_users_file_stops_the_command_line_with_exit_code_2() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "ops:not-a-hash\n");
        Properties config = TestApp.config(dir.resolve("data"), "sfsync.admin.users-file", file.toString());

        Cli.Result r = Cli.run("run", "--once", "--config", Cli.configFile(dir, config).toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file.toAbsolutePath() + " line 1 (sfsync.admin.users-file): user 'ops'");
    }

    @Test
    void hash_password_prints_a_bcrypt_hash_that_a_users_entry_accepts() throws Exception {
        InputStream stdin = System.in;
        Cli.Result r;
        try {
            System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
            r = Cli.run("admin", "hash-password");
        } finally {
            System.setIn(stdin);
        }

        assertThat(r.exit()).as(r.err()).isZero();
        String hash = r.out().trim();
        assertThat(hash).startsWith("$2a$10$").hasSize(60).doesNotContain("correct horse");
        AdminUsers users = AdminUsers.load(new SfsyncSettings(TestApp.config(dir, "sfsync.admin.users", "ops:" + hash)));
        assertThat(users.verify("ops", "correct horse")).isTrue();
        assertThat(users.verify("ops", "correct horse ")).isFalse();
        assertThat(users.verify("other", "correct horse")).isFalse();
        // htpasswd -B writes $2y$: the same bcrypt
        AdminUsers htpasswd = AdminUsers.load(new SfsyncSettings(TestApp.config(dir, "sfsync.admin.users",
                "ops:" + hash.replace("$2a$", "$2y$"))));
        assertThat(htpasswd.verify("ops", "correct horse")).isTrue();
        assertThat(htpasswd.verify("ops", "wrong horse")).isFalse();
    }

    @Test
    void an_unknown_user_is_checked_against_a_hash_as_costly_as_a_real_one() {
        // the same cost as the hashes 'admin hash-password' makes, so an unknown name is refused as slowly as a wrong password
        assertThat(AdminUsers.UNKNOWN_USER_HASH).startsWith("$2a$" + AdminUsers.COST + "$");
        assertThat(BCrypt.checkpw("no such user", AdminUsers.UNKNOWN_USER_HASH))
                .isTrue();
    }

    @Test
    void a_command_that_asks_the_secured_service_without_a_login_says_which_variables_to_set() throws Exception {
        Properties config = TestApp.config(dir.resolve("data"), "camel.server.port",
                app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1));

        Cli.Result r = Cli.run("status", "--config", Cli.configFile(dir, config).toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("needs an administrator's login (HTTP 401): set SFSYNC_ADMIN_USER and "
                + "SFSYNC_ADMIN_PASSWORD");
    }
}
