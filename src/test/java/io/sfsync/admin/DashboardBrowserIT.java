package io.sfsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs): an
 * administrator logs in, filters the status log, opens the step that failed, exports its failed records as CSV,
 * fixes the data and replays the dead letter from the page, and sees it closed. Screenshots go to
 * target/screenshots/ (docs/dashboard.png is copied from there).
 */
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The browser's time zone, not the service's: the page must show times in the viewer's zone. */
    static final String VIEWER_ZONE = "Asia/Tokyo";
    static final String USER = "admin";
    static final String PASSWORD = "s3cret-for-the-browser-test";

    @TempDir
    Path data;
    @TempDir
    Path downloads;

    private TestApp app;
    private ChromeDriver browser;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Properties config = TestApp.config(data, "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "3",
                "sfsync.salesforce.emulator.seed-contacts", "0");
        app = TestApp.start(TestApp.withAdmin(config, USER, PASSWORD));
        base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        browser = chromium(downloads);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void an_administrator_finds_the_failed_step_exports_its_records_and_replays_the_dead_letter() throws Exception {
        app.cycle();
        Map<String, Object> lead = app.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0);
        long rowId = Long.parseLong((String) lead.get("id"));
        String leadId = (String) lead.get("sfdc_lead_id");
        app.org().addValidationRule("Lead", "City", "City must not be Nowhere", FieldCondition.notEqualTo("Nowhere"));
        app.execute("UPDATE person SET city = 'Nowhere', title = 'Chief Replayer' WHERE id = ?", rowId);
        app.cycle();
        DeadLetter letter = onlyOpenDeadLetter();
        long stepId = letter.stepId();
        app.cycle(); // a third cycle (the dead letter's row waits for its replay): more steps than a page of ten
        long steps = app.count("SELECT COUNT(*) FROM sync_step");

        // The route: the page and its files from the jar, for administrators only; '..' and hidden names refused.
        HttpResponse<String> page = app.get("/dashboard/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("default-src 'self'"));
        assertThat(app.get("/dashboard/js/main.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=UTF-8");
        assertThat(app.get("/dashboard").headers().firstValue("Location")).hasValue("/dashboard/");
        assertThat(app.get("/").headers().firstValue("Location")).hasValue("/dashboard/");
        HttpResponse<String> hidden = app.get("/dashboard/.env.js");
        assertThat(hidden.statusCode()).isEqualTo(400);
        assertThat(hidden.body()).contains("without '..'");
        assertThat(app.get("/dashboard/missing.js").statusCode()).isEqualTo(404);
        assertThat(TestApp.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/")).build()).statusCode())
                .as("without a login").isEqualTo(401);

        // Log in once with the credentials in the URL; the browser keeps them for the pages and API calls after.
        browser.get(base.replace("http://", "http://" + USER + ":" + PASSWORD + "@") + "/dashboard/");
        browser.get(base + "/");
        await().atMost(Duration.ofSeconds(15)).until(() -> rows("#log-rows tr[data-id]").size() > 1);
        assertThat(browser.getCurrentUrl()).as("/ leads to the dashboard").startsWith(base + "/dashboard/");
        assertThat(text("#banner")).as("no API call failed").isEmpty();
        assertThat(text("#log-range")).isEqualTo("1–" + steps + " of " + steps);
        assertThat(text("#zone")).isEqualTo(VIEWER_ZONE);
        WebElement firstStarted = browser.findElement(By.cssSelector("#log-rows tr[data-id] td time"));
        assertThat(firstStarted.getText()).as("a start time in the viewer's zone").contains(
                OffsetDateTime.parse(firstStarted.getAttribute("datetime")).atZoneSameInstant(ZoneId.of(VIEWER_ZONE))
                        .format(DateTimeFormatter.ofPattern("hh:mm:ss a", Locale.US)));
        assertThat(firstRowId()).as("newest first").isEqualTo(app.count("SELECT MAX(id) FROM sync_step"));
        String instance = (String) app.rows("SELECT name FROM sync_instance ORDER BY id DESC").get(0).get("name");
        assertThat(text("#log-rows tr[data-id]")).as("the instance that ran the step").contains(instance);
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).as("everything from the service itself").isNotEmpty().allMatch(url -> url.startsWith(base + "/"));
        screenshot("01-status-log");

        // Sort: oldest first, by finish time, newest first again; page through ten rows at a time.
        browser.findElement(By.cssSelector("#log-table button[data-sort=started]")).click();
        await().untilAsserted(() -> assertThat(firstRowId()).isEqualTo(app.count("SELECT MIN(id) FROM sync_step")));
        assertThat(browser.findElement(By.cssSelector("#log-table th[data-col=started]")).getAttribute("aria-sort"))
                .isEqualTo("ascending");
        browser.findElement(By.cssSelector("#log-table button[data-sort=finished]")).click();
        await().untilAsserted(() -> assertThat(firstRowId()).as("the step finished last")
                .isEqualTo(app.count("SELECT MAX(id) FROM sync_step WHERE finished_at = (SELECT MAX(finished_at) FROM sync_step)")));
        assertThat(browser.findElement(By.cssSelector("#log-table th[data-col=finished]")).getAttribute("aria-sort"))
                .isEqualTo("descending");
        browser.findElement(By.cssSelector("#log-table button[data-sort=started]")).click();
        await().untilAsserted(() -> assertThat(firstRowId()).isEqualTo(app.count("SELECT MAX(id) FROM sync_step")));
        choose("#log-size", "10");
        await().untilAsserted(() -> assertThat(text("#log-range")).isEqualTo("1–10 of " + steps));
        browser.findElement(By.id("log-next")).click();
        await().untilAsserted(() -> assertThat(text("#log-range")).isEqualTo("11–" + Math.min(20, steps) + " of " + steps));
        choose("#log-size", "50");

        // Filter the log: Lead's Push Updates steps only; export them.
        await().until(() -> options("#log-filters select[name=operation]").contains("Push Updates"));
        choose("#log-filters select[name=object]", "Lead");
        choose("#log-filters select[name=operation]", "Push Updates");
        browser.findElement(By.id("log-apply")).click();
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(rows("#log-rows tr[data-id]"))
                .hasSize(3).allSatisfy(tr -> assertThat(tr.getText()).contains("Lead").contains("Push Updates")));
        assertThat(text("#log-range")).isEqualTo("1–3 of 3");
        screenshot("02-filtered-log");
        browser.findElement(By.id("log-export")).click();
        String exportedLog = Files.readString(awaitDownload(), StandardCharsets.UTF_8);
        assertThat(exportedLog.lines().count()).as("a header and the three steps").isEqualTo(4);
        assertThat(exportedLog.lines().skip(1)).allSatisfy(line -> assertThat(line).contains("Lead").contains("Push Updates"));
        clearDownloads();

        // The step that failed: its failed count opens its records; export them.
        browser.findElement(By.cssSelector("#log-rows button[data-step='" + stepId + "']")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text("#failed-rows"))
                .contains(leadId).contains("City must not be Nowhere"));
        assertThat(text("#failed-title")).contains("step " + stepId).contains("Lead").contains("Push Updates");
        screenshot("03-failed-records");
        browser.findElement(By.id("failed-export")).click();
        String failed = Files.readString(awaitDownload(), StandardCharsets.UTF_8);
        assertThat(failed.lines().count()).as("a header and one record").isEqualTo(2);
        assertThat(failed).contains(leadId).contains("City must not be Nowhere").contains("Push Updates").contains("Nowhere");

        // Dead letters: its fields and payload; Discard asks first (cancelled here).
        browser.findElement(By.id("tab-letters")).click();
        By replay = By.cssSelector("#letter-rows button[data-action=replay][data-id='" + letter.id() + "']");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(replay).isEmpty());
        browser.findElement(By.cssSelector("#letter-rows button[data-action=show][data-id='" + letter.id() + "']")).click();
        await().untilAsserted(() -> assertThat(text("#letter-payload")).contains("Nowhere"));
        browser.findElement(By.cssSelector("#letter-rows button[data-action=discard][data-id='" + letter.id() + "']")).click();
        await().until(() -> browser.findElement(By.id("confirm")).isDisplayed());
        assertThat(text("#confirm-title")).isEqualTo("Discard this dead letter?");
        browser.findElement(By.id("confirm-cancel")).click();
        await().until(() -> !browser.findElement(By.id("confirm")).isDisplayed());
        assertThat(app.app().deadLetters().get(letter.id()).status()).as("not discarded").isEqualTo(DeadLetter.NEW);

        // Fix the data, then replay the dead letter from the page: it is closed and leaves the open ones.
        app.execute("UPDATE person SET city = 'Trondheim' WHERE id = ?", rowId);
        browser.findElement(replay).click();
        await().until(() -> browser.findElement(By.id("confirm")).isDisplayed());
        assertThat(text("#confirm-text")).contains("dead letter " + letter.id()).contains(leadId);
        screenshot("04-replay-confirmation");
        browser.findElement(By.id("confirm-ok")).click();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(text("#letter-result"))
                .startsWith("Dead letter " + letter.id() + ": replayed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(replay).isEmpty());
        assertThat(text("#letter-rows")).as("no open dead letter left").contains("No open dead letter");
        assertThat(app.app().deadLetters().get(letter.id()).status()).isEqualTo(DeadLetter.REPLAYED);
        assertThat(app.org().get("Lead", leadId).orElseThrow()).containsEntry("City", "Trondheim");
        choose("#letter-filters select[name=status]", "all");
        browser.findElement(By.cssSelector("#letter-filters button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                text("#letter-rows tr[data-id='" + letter.id() + "']")).contains("Replayed"));
        screenshot("05-dead-letter-replayed");

        // Conflicts, backlog and throughput.
        browser.findElement(By.id("tab-conflicts")).click();
        await().untilAsserted(() -> assertThat(text("#conflict-rows")).contains("No conflict recorded."));
        browser.findElement(By.id("tab-charts")).click();
        await().untilAsserted(() -> assertThat(text("#backlog-rows")).contains("Lead"));
        await().untilAsserted(() -> assertThat(text("#throughput-legend")).contains("Lead pull").contains("Lead push"));
        screenshot("06-backlog-and-throughput");

        // A failing API call is named in the banner, and the banner goes when it answers again.
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/throughput*")));
        browser.findElement(By.id("refresh")).click();
        await().untilAsserted(() -> assertThat(text("#banner")).contains("GET /api/throughput failed"));
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        browser.findElement(By.id("refresh")).click();
        await().until(() -> !browser.findElement(By.id("banner")).isDisplayed());

        // A long first pull while the page is open: its progress, read again every few seconds.
        StepLog log = app.app().stepLog();
        long running = log.start("cycle-of-the-browser-test", "Lead", "Pull Updates");
        log.expect(running, 40_000);
        progress(log, running, 10_000);
        browser.findElement(By.id("tab-log")).click();
        browser.findElement(By.id("log-clear")).click();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(text("#log-rows tr[data-id='" + running + "']"))
                .contains("In Progress").contains("10,000 of 40,000 (25 %)"));
        assertThat(browser.findElement(By.id("live")).isDisplayed()).isTrue();
        progress(log, running, 30_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text("#log-rows tr[data-id='" + running + "']"))
                .contains("30,000 of 40,000 (75 %)").contains("/s").contains("left"));

        // The overview for the README (docs/dashboard.png): ten rows with the running pull, the failed step's records.
        browser.findElement(By.cssSelector("#log-rows button[data-step='" + stepId + "']")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(text("#failed-rows")).contains("Replayed"));
        choose("#log-size", "10");
        await().untilAsserted(() -> assertThat(text("#log-range")).startsWith("1–10 of "));
        browser.manage().window().setSize(new Dimension(1440, 1200));
        browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0)");
        screenshot("07-dashboard");
    }

    /** The counts a running pull commits with its page (autocommit here: the page is the statement). */
    private void progress(StepLog log, long stepId, int created) throws Exception {
        StepCounts counts = new StepCounts();
        counts.add(created, 0, 0, 0, 0);
        try (Connection c = app.app().dataSource().getConnection()) {
            log.progress(c, stepId, counts);
        }
    }

    private long firstRowId() {
        return Long.parseLong(browser.findElement(By.cssSelector("#log-rows tr[data-id]")).getAttribute("data-id"));
    }

    private Path awaitDownload() {
        return await().atMost(Duration.ofSeconds(15)).until(() -> downloaded(".csv"), p -> p != null);
    }

    private void clearDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    private DeadLetter onlyOpenDeadLetter() throws Exception {
        List<DeadLetter> open = app.app().deadLetters().store().list(new DeadLetterFilter(null, null, DeadLetter.NEW, null, 10));
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    /** Debian's chromium, driven by Debian's chromedriver: no driver or browser is downloaded. */
    static ChromeDriver chromium(Path downloads) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the dashboard's browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with 'apt-get install -y chromium chromium-driver' (.ci/run does when they are missing)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,1000", "--lang=en-US", "--hide-scrollbars");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("intl.accept_languages", "en-US");
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", VIEWER_ZONE))
                .build();
        return new ChromeDriver(service, options);
    }

    private List<WebElement> rows(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /**
     * The element's visible text (empty when hidden, as WebElement.getText), read in one step in the page: the page
     * renders its tables again on its own (every few seconds while a step runs), so an element found first and read
     * after may already be replaced.
     */
    private String text(String css) {
        Object text = browser.executeScript(
                "const e = document.querySelector(arguments[0]);"
                        + " return e === null ? null : e.checkVisibility() ? e.innerText.trim() : '';", css);
        assertThat(text).as("an element %s on the page", css).isNotNull();
        return (String) text;
    }

    private List<String> options(String css) {
        return browser.findElements(By.cssSelector(css + " option")).stream().map(WebElement::getText).toList();
    }

    /** Picks an option of a drop-down as a user does (a click on it). */
    private void choose(String selectCss, String value) {
        browser.findElement(By.cssSelector(selectCss + " option[value='" + value + "']")).click();
    }

    private Path downloaded(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
