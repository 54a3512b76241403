package io.sfsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which request paths the dashboard route answers with which file of the jar, and which it refuses. */
class DashboardFilesTest {

    private final DashboardFiles files = new DashboardFiles();

    @Test
    void the_dashboard_folder_is_its_page() {
        assertThat(files.resource("/dashboard/")).isEqualTo("dashboard/index.html");
        assertThat(files.contentType("/dashboard/")).isEqualTo("text/html; charset=UTF-8");
        assertThat(new String(files.body("/dashboard/"), StandardCharsets.UTF_8)).contains("<table", "js/main.js");
    }

    @Test
    void scripts_and_styles_are_served_with_their_types() {
        assertThat(files.contentType("/dashboard/js/main.js")).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(files.contentType("/dashboard/app.css")).isEqualTo("text/css; charset=UTF-8");
        assertThat(files.contentType("/dashboard/favicon.svg")).isEqualTo("image/svg+xml");
    }

    @Test
    void a_path_that_climbs_out_of_the_dashboard_is_refused() {
        for (String path : new String[] {"/dashboard/../application.properties", "/dashboard/js/../../db/x.sql",
            "/dashboard/..", "/dashboard/js/..%2fmain.js", "/dashboard/.hidden.js", "/dashboard/a\\b.js",
            "/dashboard//etc/passwd"}) {
            assertThatThrownBy(() -> files.body(path)).as(path).isInstanceOf(BadParameterException.class)
                    .hasMessageContaining("without '..'");
        }
    }

    @Test
    void a_file_the_dashboard_does_not_have_is_not_found() {
        assertThatThrownBy(() -> files.body("/dashboard/missing.js")).isInstanceOf(NotFoundException.class)
                .hasMessage("the dashboard has no file at '/dashboard/missing.js'; open /dashboard/");
        // Only the dashboard's kinds of files: no class or properties file of the jar, even under dashboard/.
        assertThatThrownBy(() -> files.body("/dashboard/index.class")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> files.body("/dashboardx")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> files.body(null)).isInstanceOf(NotFoundException.class);
    }
}
