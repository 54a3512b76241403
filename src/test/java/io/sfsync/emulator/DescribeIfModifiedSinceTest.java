package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET sobjects/{Type}/describe} with {@code If-Modified-Since}: 304 and no body while the object's describe has
 * not changed, 200 with the describe and a later {@code Last-Modified} once a field's access changed; each answer is
 * one API call in {@code /_emulator/stats}.
 */
class DescribeIfModifiedSinceTest {

    private EmulatorServer server;
    private EmulatorHttp http;

    @BeforeEach
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0));
        http = new EmulatorHttp(server).login();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> describe(String object, String ifModifiedSince) throws Exception {
        var req = http.req(EmulatorHttp.V + "/sobjects/" + object + "/describe").GET();
        if (ifModifiedSince != null) {
            req.header("If-Modified-Since", ifModifiedSince);
        }
        return http.send(req);
    }

    @Test
    void an_unchanged_describe_is_answered_304_and_a_field_access_change_gives_a_later_last_modified() throws Exception {
        HttpResponse<String> full = describe("Lead", null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).contains("\"Title\"");
        String lastModified = full.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> unchanged = describe("Lead", lastModified);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();

        server.org().clock().advance(Duration.ofMinutes(5));
        assertThat(describe("Lead", lastModified).statusCode()).as("time alone changes nothing").isEqualTo(304);

        server.org().setFieldAccess("Lead", "Title", Access.HIDDEN);
        HttpResponse<String> changed = describe("Lead", lastModified);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).doesNotContain("\"Title\"");
        String later = changed.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(later).isNotEqualTo(lastModified);
        assertThat(describe("Lead", later).statusCode()).isEqualTo(304);
        assertThat(describe("Contact", lastModified).statusCode()).as("other objects unchanged").isEqualTo(304);

        // a second change within the same second still moves Last-Modified on
        server.org().setFieldAccess("Lead", "Title", Access.READ_WRITE);
        assertThat(describe("Lead", later).statusCode()).isEqualTo(200);

        assertThat(server.org().apiCallsByEndpoint()).containsEntry("sobjects/Lead/describe", 6L)
                .containsEntry("sobjects/Contact/describe", 1L);
    }
}
