package io.sfsync.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a secured service, as a user runs it: java -jar sfsync.jar with SFSYNC_ADMIN_* set or not. */
class AdminAuthIT {

    @TempDir
    Path dir;

    @Test
    void status_logs_in_with_sfsync_admin_user_and_password_and_health_needs_no_login() throws Exception {
        try (TestApp app = TestApp.start(TestApp.withAdmin(TestApp.config(dir.resolve("service"), "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "4", "sfsync.salesforce.emulator.seed-contacts", "0"),
                "ops", "cli pass"))) {
            app.cycle();
            String port = app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1);
            Path config = JarProcess.configFile(dir, "camel.server.port=" + port);

            try (JarProcess status = JarProcess.start(dir, Map.of("SFSYNC_ADMIN_USER", "ops",
                    "SFSYNC_ADMIN_PASSWORD", "cli pass"), "status", "--config", config.toString())) {
                assertThat(status.exitCode()).as(status.errText()).isZero();
                assertThat(status.outText()).contains("Lead").contains("Pull Updates").contains("Completed");
            }
            try (JarProcess wrong = JarProcess.start(dir, Map.of("SFSYNC_ADMIN_USER", "ops",
                    "SFSYNC_ADMIN_PASSWORD", "not it"), "status", "--config", config.toString())) {
                assertThat(wrong.exitCode()).isEqualTo(2);
                assertThat(wrong.errText()).contains("refused the login of SFSYNC_ADMIN_USER 'ops' (HTTP 401): check "
                        + "SFSYNC_ADMIN_USER and SFSYNC_ADMIN_PASSWORD").doesNotContain("not it");
            }
            try (JarProcess none = JarProcess.start(dir, "dead-letters", "list", "--config", config.toString())) {
                assertThat(none.exitCode()).isEqualTo(2);
                assertThat(none.errText()).contains("needs an administrator's login (HTTP 401): set SFSYNC_ADMIN_USER and "
                        + "SFSYNC_ADMIN_PASSWORD");
            }
            try (JarProcess health = JarProcess.start(dir, "health", "--config", config.toString())) {
                assertThat(health.exitCode()).as(health.outText()).isZero();
                assertThat(health.outText()).startsWith("{\"status\":\"UP\"");
            }
        }
    }

    @Test
    void on_loopback_without_users_the_service_starts_and_warns_how_to_add_them() throws Exception {
        try (JarProcess once = JarProcess.start(dir, "run", "--once", "--config", JarProcess.configFile(dir).toString())) {
            assertThat(once.exitCode()).as(once.errText()).isZero();
            assertThat(once.errText()).contains("The admin HTTP server on 127.0.0.1 has no users: it answers anyone on "
                    + "this machine without a login. To require one, set sfsync.admin.users or sfsync.admin.users-file");
        }
    }
}
