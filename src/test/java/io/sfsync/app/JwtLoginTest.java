package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.emulator.http.SelfSignedCertificate;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sfsync logs in to an org with the OAuth JWT bearer flow, signing with the key store it is configured with. */
class JwtLoginTest {

    @TempDir
    Path data;

    @Test
    void a_cycle_pulls_records_from_an_org_reached_through_the_jwt_bearer_flow() throws Exception {
        SelfSignedCertificate appKey = SelfSignedCertificate.generate("sfsync-connected-app", null);
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(30, 20)
                .withJwtCertificate(appKey.certificate()))) {
            Properties config = TestApp.config(data,
                    "sfsync.objects", "Lead,Contact",
                    "sfsync.salesforce.login-url", org.baseUrl(),
                    "sfsync.salesforce.auth-type", "JWT",
                    "sfsync.salesforce.client-id", EmulatorConfig.DEFAULT_CLIENT_ID,
                    "sfsync.salesforce.username", EmulatorConfig.DEFAULT_USERNAME,
                    "sfsync.salesforce.keystore.path", appKey.keyStoreFile().toString(),
                    "sfsync.salesforce.keystore.password", appKey.password());
            try (TestApp t = TestApp.start(config)) {
                assertThat(t.app().emulator()).as("org mode, no in-process emulator").isNull();
                t.cycle();

                assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Lead'")).isEqualTo(30);
                assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Contact'")).isEqualTo(20);
            }
        }
    }
}
