package lmwb.web.browsertest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, driven by
 * Selenium), against the real {@code runtime/lmwb serve} on free ports with a fresh LMWB_HOME: real users, real rank
 * jobs on the built-in sentiment-sentences dataset and models, the real result store and job queue.
 *
 * <p>Without Chromium the tests are skipped with one line saying how to run them. Screenshots of each page go to
 * {@code target/screenshots/} (the README's pictures come from there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageBrowserTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    /** Debian's paths; {@code -Dlmwb.chromium=...} and {@code -Dlmwb.chromedriver=...} name others. */
    private static final Path CHROMIUM = Path.of(System.getProperty("lmwb.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("lmwb.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    /** The two models of the stored ranking: 6 and 12 transformer layers (runtime/lmwb models). */
    private static final List<String> MODELS = List.of("all-minilm-l6-v2", "bge-small-en");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path screenshots = Path.of("target/screenshots");
    private Path home;
    private Process server;
    private Path serverLog;
    private String base;
    private String adminToken;
    private final Map<String, String> tokens = new java.util.HashMap<>();
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String hscoreRanking;
    private String knnRanking;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String line = "lmwb.web browser tests SKIPPED: no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + "; install them with 'apt-get install -y chromium chromium-driver' and run "
                    + "'mvn -B verify -pl bundles/lmwb.web.browsertest -am' (.ci/run does both)";
            System.err.println(line);
            Assumptions.abort(line);
        }
        Files.createDirectories(screenshots);
        home = Files.createTempDirectory("lmwb-web-test-");
        serverLog = home.resolve("serve.log");
        adminToken = token(launcher("user", "add", "ada", "--role", "admin", "--json"));
        startServer();
        tokens.put("mel", createUser("mel", "member"));
        tokens.put("vic", createUser("vic", "viewer"));

        // two stored rankings of the same dataset and models: hscore and kNN (the second reuses the embeddings)
        hscoreRanking = runJob(Map.of("dataset", "sentiment-sentences", "models", MODELS, "downsample", 200));
        knnRanking = runJob(Map.of("dataset", "sentiment-sentences", "models", MODELS, "downsample", 200,
                "estimator", List.of("knn")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    // ---- the pages ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aWrongTokenIsRefused() throws Exception {
        driver.get(base + "/");
        signInForm("mel", "lmwb_0123456789abcdef_notthesecretnotthesecretnotthesecretnotth");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signin-status .error")));
        assertEquals("wrong user name or token", error.getText());
        assertEquals("password", driver.findElement(By.id("signin-token")).getAttribute("type"), "the token field hides the token");
        assertTrue(driver.manage().getCookies().isEmpty(), "no cookie for a refused sign-in");
        shot("signin-refused");
    }

    @Test
    @Order(2)
    void signInShowsTheStoredRankingsNewestFirst() throws Exception {
        signIn("mel");
        var cookie = driver.manage().getCookieNamed("lmwb_session");
        assertTrue(cookie.isHttpOnly(), "the session cookie is HttpOnly");
        assertEquals("Strict", cookie.getSameSite());
        assertTrue(cookie.getExpiry() != null && cookie.getExpiry().after(new java.util.Date()), "the cookie expires: "
                + cookie.getExpiry());
        assertEquals(null, js("return document.cookie.includes('lmwb_session') ? 'visible' : null"),
                "scripts cannot read the session cookie");
        List<WebElement> links = wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("a.result-link"), 1));
        // newest first: the kNN ranking was stored after the H-score one
        assertTrue(links.get(0).getAttribute("href").endsWith(knnRanking), links.get(0).getAttribute("href"));
        assertTrue(links.get(1).getAttribute("href").endsWith(hscoreRanking));
        assertTrue(links.get(1).getText().startsWith("rank sentiment-sentences (200 samples) with hscore"), links.get(1).getText());
        assertEquals("mel (member)", driver.findElement(By.id("who")).getText());
        assertEverythingLabelled();
        shot("results");

        // a server-side filter: estimator=knn leaves the kNN ranking only
        driver.findElement(By.id("filter-estimator")).sendKeys("knn");
        driver.findElement(By.cssSelector("#filters button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("a.result-link")).size() == 1);
        assertTrue(driver.findElement(By.cssSelector("a.result-link")).getAttribute("href").endsWith(knnRanking));
    }

    @Test
    @Order(3)
    void aRankingPageDrawsOneLinePerModelWithItsLayers() throws Exception {
        JsonObject doc = JsonParser.parseString(get("/api/results/" + hscoreRanking, adminToken)).getAsJsonObject();
        driver.get(base + "/#/result/" + hscoreRanking);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("layer-plot")));
        wait.until(d -> js("return !!Chart.getChart('layer-plot')") == Boolean.TRUE);
        // the plot's lines: one per model of the stored ranking, with one point per layer of that model
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) js("return Chart.getChart('layer-plot').data.datasets"
                + ".filter(d => d.lmwbModel).map(d => ({label: d.label, points: d.data.length, "
                + "ys: d.data.map(p => p.y)}))");
        JsonArray ranking = doc.getAsJsonArray("ranking");
        assertEquals(ranking.size(), lines.size());
        assertEquals(MODELS.size(), lines.size());
        for (int i = 0; i < ranking.size(); i++) {
            JsonObject m = ranking.get(i).getAsJsonObject();
            JsonObject layerScores = m.getAsJsonObject("layer_scores");
            assertEquals(m.get("model").getAsString(), lines.get(i).get("label"));
            assertEquals((long) layerScores.size(), ((Number) lines.get(i).get("points")).longValue());
            // the deepest layer (-1) is the last point; its score is the stored one
            List<?> ys = (List<?>) lines.get(i).get("ys");
            assertEquals(layerScores.get("-1").getAsDouble(), ((Number) ys.get(ys.size() - 1)).doubleValue(), 1e-12);
        }
        // the canvas holds drawn pixels, not just an element
        long drawn = ((Number) js("const c = document.getElementById('layer-plot'); const d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) "
                + "if (d[i] > 0) n++; return n;")).longValue();
        assertTrue(drawn > 5000, "only " + drawn + " pixels drawn on the plot");
        assertTrue(driver.findElement(By.id("ranking-text")).getText().contains("RANK  MODEL"),
                "the ranking table as the CLI shows it");
        assertTrue(driver.findElement(By.id("downloads")).getText().contains("CSV of layer scores"));
        shot("ranking");

        // a click on the first legend entry hides that model's line
        js("document.getElementById('layer-plot').scrollIntoView({block: 'center'})");
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) js("const c = Chart.getChart('layer-plot'); "
                + "const b = c.legend.legendHitBoxes[0]; const r = c.canvas.getBoundingClientRect(); "
                + "return {x: b.left + b.width / 2 - r.width / 2, y: b.top + b.height / 2 - r.height / 2};");
        new Actions(driver).moveToElement(driver.findElement(By.id("layer-plot")), box.get("x").intValue(),
                box.get("y").intValue()).click().perform();
        wait.until(d -> js("return Chart.getChart('layer-plot').isDatasetVisible(0)") == Boolean.FALSE);
        // the legend click unticked that model's box; the boxes work from the keyboard: Space on the second model's
        // box hides its line and its layer-mean line
        List<WebElement> toggles = driver.findElements(By.cssSelector("#layer-plot-toggles input"));
        assertEquals(MODELS.size(), toggles.size(), "a box per model");
        assertFalse(toggles.get(0).isSelected(), "the box follows the legend click");
        assertEquals(ranking.get(1).getAsJsonObject().get("model").getAsString(),
                toggles.get(1).findElement(By.xpath("..")).getText());
        toggles.get(1).sendKeys(org.openqa.selenium.Keys.SPACE);
        wait.until(d -> js("const c = Chart.getChart('layer-plot'); return c.data.datasets.filter((d, k) => "
                + "d.lmwbSeries === 1 && c.isDatasetVisible(k)).length") instanceof Number n && n.intValue() == 0);
        toggles.get(1).sendKeys(org.openqa.selenium.Keys.SPACE);
        wait.until(d -> js("return Chart.getChart('layer-plot').data.datasets.filter(d => d.lmwbSeries === 1).length")
                instanceof Number n && n.intValue() == 2);
        assertEquals(Boolean.TRUE, js("const c = Chart.getChart('layer-plot'); return c.data.datasets.every((d, k) => "
                + "d.lmwbSeries !== 1 || c.isDatasetVisible(k))"), "Space again shows the model's lines");

        // the CSV download: a blob link with one row per estimator, model and layer (the page's CSP keeps fetch
        // to this server, so the test asks the page's own function for the link's content)
        WebElement csvLink = driver.findElement(By.cssSelector("#downloads a[download$='.csv']"));
        assertTrue(csvLink.getAttribute("href").startsWith("blob:"), csvLink.getAttribute("href"));
        String csv = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0]; "
                + "fetch('/api/results/" + hscoreRanking + "').then(r => r.json()).then(d => done(layerCsv(d)))"
                + ".catch(e => done('failed: ' + e));");
        assertTrue(csv.startsWith("estimator,model,layer,relative_depth,score\n"), csv);
        long rows = csv.lines().count() - 1;
        assertEquals(6 + 12, rows, "6 + 12 layers of the two models, one estimator");
    }

    @Test
    @Order(4)
    void twoRankingsAreComparedSideBySideWithAMergedPlot() throws Exception {
        driver.get(base + "/#/results");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("a.result-link"), 1));
        for (String id : List.of(hscoreRanking, knnRanking)) {
            WebElement box = driver.findElement(By.cssSelector("input[aria-label='compare " + id + "']"));
            if (!box.isSelected()) {
                box.click();
            }
        }
        driver.findElement(By.id("compare-selected")).click();
        wait.until(d -> js("return !!window.Chart && !!Chart.getChart('compare-plot')") == Boolean.TRUE);
        assertEquals(2, driver.findElements(By.cssSelector("#compare-cards .card")).size());
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) js("return Chart.getChart('compare-plot').data.datasets.filter(d => d.lmwbModel)"
                + ".map(d => d.label)");
        assertEquals(4, labels.size(), "2 rankings x 2 models: " + labels);
        assertTrue(labels.contains("all-minilm-l6-v2 · sentiment-sentences · hscore"), labels.toString());
        assertTrue(labels.contains("bge-small-en · sentiment-sentences · knn"), labels.toString());
        shot("compare");
    }

    @Test
    @Order(5)
    void aSubmittedRankJobShowsItsProgressToTheEndAndOpensItsResult() throws Exception {
        driver.get(base + "/#/new");
        WebElement submit = wait.until(ExpectedConditions.elementToBeClickable(By.id("submit-ranking")));
        new Select(driver.findElement(By.id("dataset"))).selectByValue("sentiment-sentences");
        driver.findElement(By.cssSelector("#models input[value='all-minilm-l6-v2']")).click();
        WebElement downsample = driver.findElement(By.id("downsample"));
        downsample.clear();
        downsample.sendKeys("200");
        assertEverythingLabelled();
        shot("new-ranking");
        submit.click();
        // watch the bar: record what it shows until the page moves on to the result
        double furthest = 0;
        Instant until = Instant.now().plus(JOB_TIMEOUT);
        boolean shotTaken = false;
        while (!driver.getCurrentUrl().contains("#/result/") && Instant.now().isBefore(until)) {
            Object f = js("const p = document.getElementById('job-progress'); return p ? p.value / p.max : null;");
            if (f instanceof Number n) {
                furthest = Math.max(furthest, n.doubleValue());
                if (!shotTaken && n.doubleValue() > 0) {
                    shot("job-progress");
                    shotTaken = true;
                }
            }
            List<WebElement> errors = driver.findElements(By.cssSelector("#submit-status .error"));
            assertTrue(errors.isEmpty(), () -> errors.get(0).getText());
            Thread.sleep(50);
        }
        assertEquals(1.0, furthest, 1e-9, "the progress bar reached its end");
        assertTrue(driver.getCurrentUrl().contains("#/result/"), "the result opened");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("layer-plot")));
        assertTrue(driver.findElement(By.tagName("h1")).getText().startsWith("rank sentiment-sentences (200 samples)"));
        JsonArray jobs = JsonParser.parseString(get("/api/jobs?user=mel", adminToken)).getAsJsonArray();
        assertEquals("succeeded", jobs.get(0).getAsJsonObject().get("state").getAsString());
        assertEquals("[\"all-minilm-l6-v2\"]", jobs.get(0).getAsJsonObject().getAsJsonObject("args").get("models").toString());
        assertTrue(driver.getCurrentUrl().endsWith(jobs.get(0).getAsJsonObject().get("result_id").getAsString()));

        driver.get(base + "/#/jobs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
        assertEquals(3, driver.findElements(By.cssSelector("#jobs-table tbody tr")).size());
        shot("jobs");
    }

    @Test
    @Order(6)
    void installedListsEstimatorsModelsDatasetsAndBundles() throws Exception {
        driver.get(base + "/#/installed");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("estimators")));
        String page = driver.findElement(By.tagName("main")).getText();
        for (String expected : List.of("hscore", "logme", "all-minilm-l6-v2", "sentiment-sentences", "lmwb.web", "ACTIVE")) {
            assertTrue(page.contains(expected), expected + " missing on the installed page");
        }
        shot("installed");
    }

    @Test
    @Order(7)
    void aViewerHasNoSubmitControlAndAForgedPostIsRefused() throws Exception {
        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
        assertEquals(401, status(get401("/api/session")), "signed out");
        signIn("vic");
        assertFalse(driver.findElement(By.id("nav-new")).isDisplayed(), "no New ranking link for a viewer");
        driver.get(base + "/#/new");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-submit")));
        assertTrue(driver.findElements(By.id("submit-ranking")).isEmpty());
        shot("viewer-new-ranking");
        driver.get(base + "/#/jobs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
        assertTrue(driver.findElements(By.cssSelector("#jobs-table button")).isEmpty(), "no cancel control for a viewer");

        // forged from the page itself, with the session cookie and the right CSRF token: the server says no
        String forged = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0]; "
                + "fetch('/api/session').then(r => r.json()).then(s => fetch('/api/jobs', {method: 'POST', "
                + "headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token}, body: JSON.stringify("
                + "{command: 'rank', args: {dataset: 'sentiment-sentences', downsample: 200}})})).then(r => r.text()"
                + ".then(t => done(r.status + ' ' + t)));");
        assertTrue(forged.startsWith("403 "), forged);
        assertTrue(forged.contains("cannot submit jobs"), forged);
        // and without the CSRF token, whoever sends it
        String noCsrf = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0]; "
                + "fetch('/api/jobs', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})"
                + ".then(r => r.text().then(t => done(r.status + ' ' + t)));");
        assertTrue(noCsrf.startsWith("403 ") && noCsrf.contains("CSRF"), noCsrf);
        assertEquals(3, JsonParser.parseString(get("/api/jobs", adminToken)).getAsJsonArray().size(), "nothing was queued");
    }

    @Test
    @Order(8)
    void theResultsPageFitsANarrowScreen() throws Exception {
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            driver.get(base + "/#/results");
            wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("a.result-link"), 1));
            long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
            assertTrue(overflow <= 0, "the page is " + overflow + " px wider than a 390 px screen");
            shot("results-narrow");
            driver.get(base + "/#/result/" + hscoreRanking);
            wait.until(d -> js("return !!window.Chart && !!Chart.getChart('layer-plot')") == Boolean.TRUE);
            overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
            assertTrue(overflow <= 0, "the ranking page is " + overflow + " px wider than a 390 px screen");
            shot("ranking-narrow");
            // the other pages: wide tables scroll inside their box, the page itself does not
            for (String page : List.of("compare?ids=" + hscoreRanking + "," + knnRanking, "jobs", "new", "installed",
                    "password")) {
                driver.get(base + "/#/" + page);
                wait.until(d -> js("return !!document.querySelector('main h1')") == Boolean.TRUE);
                assertNarrow(page);
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(9)
    void signInWorksFromTheKeyboardAlone() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(base + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
        // the user field has the focus; type, Tab to the token, Enter submits
        new Actions(driver).sendKeys("mel").sendKeys(org.openqa.selenium.Keys.TAB).sendKeys(tokens.get("mel"))
                .sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        wait.until(ExpectedConditions.textToBe(By.id("who"), "mel (member)"));
    }

    @Test
    @Order(10)
    void theJobsPageShowsAJobSubmittedAfterItLoadedWithItsProgress() throws Exception {
        signIn("mel");
        driver.get(base + "/#/jobs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
        int before = driver.findElements(By.cssSelector("#jobs-table tbody tr")).size();
        // submitted by another client (the REST API with mel's token) after the page has loaded: 300 examples are
        // new embeddings, so the job runs for a few seconds
        long id = submit(tokens.get("mel"), Map.of("dataset", "sentiment-sentences", "models", List.of("all-minilm-l6-v2"),
                "downsample", 300));
        // read in the page, not through found elements: a row is replaced on every event of its job
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> js("return !!document.getElementById('job-" + id
                + "')") == Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> rows = (Map<String, Object>) js("const trs = [...document.querySelectorAll('#jobs-table tbody tr')];"
                + " return {count: trs.length, first: trs[0].id, text: document.getElementById('job-" + id + "').textContent};");
        assertEquals(before + 1L, rows.get("count"));
        assertEquals("job-" + id, rows.get("first"), "the newest job is the first row");
        String text = (String) rows.get("text");
        assertTrue(text.contains("rank") && text.contains("downsample=300"), text);
        // the row follows the job to its end: state, a full progress bar and the link to its result
        new WebDriverWait(driver, JOB_TIMEOUT).until(d -> "succeeded".equals(
                js("const r = document.getElementById('job-" + id + "'); return r ? r.dataset.state : null;")));
        JsonObject job = JsonParser.parseString(get("/api/jobs/" + id, adminToken)).getAsJsonObject();
        assertEquals(1.0, ((Number) js("const p = document.querySelector('#job-" + id + " progress'); "
                + "return p.value / p.max;")).doubleValue(), 1e-9, "the progress bar is full");
        String link = (String) js("const a = [...document.querySelectorAll('#job-" + id + " a')]"
                + ".find(a => a.textContent === 'open result'); return a ? a.getAttribute('href') : null;");
        assertEquals("#/result/" + job.get("result_id").getAsString(), link);
        shot("jobs-live");
    }

    @Test
    @Order(11)
    void theSearchBoxFindsResultsOnTheServer() throws Exception {
        driver.get(base + "/#/results");
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search")));
        // words of two fields, in any case and order: bge-small-en is a model of the first two rankings only, and
        // only one of them used hscore (the later rank jobs of these tests ranked all-minilm-l6-v2 alone)
        search.sendKeys("HScore  BGE-small");
        search.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("q=HScore"));
        wait.until(d -> d.findElements(By.cssSelector("a.result-link")).size() == 1);
        assertTrue(driver.findElement(By.cssSelector("a.result-link")).getAttribute("href").endsWith(hscoreRanking));
        assertEquals("HScore  BGE-small", driver.findElement(By.id("search")).getAttribute("value"), "the box keeps the words");
        // the same answer as the REST API's ?q=, which searched every stored result
        JsonArray api = JsonParser.parseString(get("/api/results?q=bge-small%20hscore", adminToken)).getAsJsonObject()
                .getAsJsonArray("results");
        assertEquals(1, api.size());
        assertEquals(hscoreRanking, api.get(0).getAsJsonObject().get("id").getAsString());
        shot("results-search");

        WebElement again = driver.findElement(By.id("search"));
        again.clear();
        again.sendKeys("no-such-word-anywhere");
        again.sendKeys(org.openqa.selenium.Keys.ENTER);
        WebElement none = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-results")));
        assertEquals("No stored result holds every word of the search.", none.getText());
    }

    @Test
    @Order(12)
    void aUserSetsAPasswordAndSignsInWithIt() throws Exception {
        signIn("mel");
        driver.findElement(By.id("password-link")).click();
        WebElement current = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-current")));
        assertEquals("password", current.getAttribute("type"));
        assertEverythingLabelled();
        current.sendKeys(tokens.get("mel"));
        driver.findElement(By.id("password-new")).sendKeys("mel's own passphrase");
        driver.findElement(By.id("password-again")).sendKeys("mel's own passphrase");
        driver.findElement(By.id("password-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-saved")));
        shot("password");

        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-form")));
        signInForm("mel", "mel's own wrong guess");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#signin-status .error")));
        assertEquals("wrong user name or password", error.getText());
        signInForm("mel", "mel's own passphrase");
        wait.until(ExpectedConditions.textToBe(By.id("who"), "mel (member)"));
        assertTrue(driver.manage().getCookieNamed("lmwb_session").isHttpOnly());
    }

    @Test
    @Order(13)
    void analysesAreDrawnFromTheirStoredDocuments() throws Exception {
        String similarity = runJob("similarity", Map.of("model", MODELS, "dataset", "sentiment-sentences", "samples", 200));
        String clusters = runJob("clusters", Map.of("model", List.of("all-minilm-l6-v2"), "dataset", "sentiment-sentences",
                "samples", 200));
        JsonObject sim = JsonParser.parseString(get("/api/results/" + similarity, adminToken)).getAsJsonObject();
        driver.get(base + "/#/result/" + similarity);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("heatmaps")));
        JsonArray matrices = sim.getAsJsonArray("matrices");
        assertEquals(matrices.size(), driver.findElements(By.cssSelector("#heatmaps svg.heatmap")).size(),
                "one heatmap per pair of models");
        for (int k = 0; k < matrices.size(); k++) {
            JsonArray m = matrices.get(k).getAsJsonObject().getAsJsonArray("matrix");
            int cols = m.get(0).getAsJsonArray().size();
            List<WebElement> cells = driver.findElements(By.cssSelector("#heatmap-" + k + " rect.cell"));
            assertEquals(m.size() * cols, cells.size(), "a cell per pair of layers in heatmap " + k);
            // the stored value of the last layer pair is the cell's value and in its hover title
            int i = m.size() - 1;
            int j = cols - 1;
            WebElement cell = driver.findElement(By.cssSelector("#heatmap-" + k + " rect.cell[data-row='" + i
                    + "'][data-col='" + j + "']"));
            double stored = m.get(i).getAsJsonArray().get(j).getAsDouble();
            assertEquals(stored, Double.parseDouble(cell.getAttribute("data-value")), 1e-12);
            assertTrue(cell.findElement(By.tagName("title")).getAttribute("textContent")
                    .endsWith(String.format(java.util.Locale.ROOT, "%.3f", stored)));
        }
        // a model with itself: CKA of a layer with itself is 1 (the diagonal); with [CLS] pooling the embedding
        // output (layer 0) is the same vector for every sentence, so its CKA is 0/0: stored as null, drawn grey
        JsonArray self = matrices.get(0).getAsJsonObject().getAsJsonArray("matrix");
        int last = self.size() - 1;
        assertEquals(1.0, self.get(last).getAsJsonArray().get(last).getAsDouble(), 1e-6);
        assertTrue(self.get(0).getAsJsonArray().get(0).isJsonNull(), self.get(0).toString());
        WebElement undefined = driver.findElement(By.cssSelector("#heatmap-0 rect.cell[data-row='0'][data-col='0']"));
        assertEquals("#ccc", undefined.getAttribute("fill"));
        assertTrue(undefined.findElement(By.tagName("title")).getAttribute("textContent").endsWith(": undefined"));
        js("document.getElementById('heatmaps').scrollIntoView({block: 'start'})");
        shot("analysis-cka");

        JsonObject clu = JsonParser.parseString(get("/api/results/" + clusters, adminToken)).getAsJsonObject();
        driver.get(base + "/#/result/" + clusters);
        wait.until(d -> js("return !!window.Chart && !!Chart.getChart('clusters-plot')") == Boolean.TRUE);
        js("document.getElementById('clusters-plot').scrollIntoView({block: 'center'})");
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, Number>>> curves = (Map<String, List<Map<String, Number>>>) js(
                "const o = {}; Chart.getChart('clusters-plot').data.datasets.forEach(d => o[d.lmwbKey] = d.data); return o;");
        JsonArray curve = clu.getAsJsonArray("curve");
        for (String key : List.of("removable_percent", "clusters", "largest_cluster")) {
            List<Map<String, Number>> points = curves.get(key);
            assertEquals(curve.size(), points.size(), key);
            for (int i = 0; i < curve.size(); i++) {
                JsonObject level = curve.get(i).getAsJsonObject();
                assertEquals(level.get("threshold").getAsDouble(), points.get(i).get("x").doubleValue(), 1e-12);
                assertEquals(level.get(key).getAsDouble(), points.get(i).get("y").doubleValue(), 1e-12, key + " at " + i);
            }
        }
        shot("analysis-clusters");
    }

    @Test
    @Order(14)
    void aTrainingsPredictionBoxShowsEachModelsWeightForTheTypedSentence() throws Exception {
        signIn("mel"); // as test 2 left it, so that this test also runs on its own
        // frozen encoders: DME and the head train on cached embeddings, a few seconds
        String training = runJob("train", Map.of("dataset", "sentiment-sentences", "models", MODELS, "combine", "dme",
                "frozen", true, "epochs", 2, "downsample", 200));
        driver.get(base + "/#/result/" + training);
        WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("predict-text")));
        assertEverythingLabelled();
        // the run's mean DME weights as the stored document has them: one bar per model in the seed's series
        JsonObject stored = JsonParser.parseString(get("/api/results/" + training, adminToken)).getAsJsonObject();
        JsonObject meanWeights = stored.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("dme_weights");
        assertEquals(MODELS, new ArrayList<>(meanWeights.keySet()), "a mean weight per model, in the request's order");
        new WebDriverWait(driver, JOB_TIMEOUT).until(d -> js("return !!window.Chart && !!Chart.getChart('dme-plot')")
                == Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> meanBars = (Map<String, Object>) js("const c = Chart.getChart('dme-plot'); "
                + "return {labels: c.data.labels, series: c.data.datasets.map(d => d.label), values: c.data.datasets[0].data};");
        assertEquals(MODELS, meanBars.get("labels"));
        assertEquals(List.of("seed 42"), meanBars.get("series"));
        for (int i = 0; i < MODELS.size(); i++) {
            assertEquals(meanWeights.get(MODELS.get(i)).getAsDouble(),
                    ((Number) ((List<?>) meanBars.get("values")).get(i)).doubleValue(), 1e-12, MODELS.get(i));
        }
        text.sendKeys("a warm, funny and moving film");
        driver.findElement(By.id("predict-submit")).click();
        new WebDriverWait(driver, JOB_TIMEOUT).until(d -> js("return !!window.Chart && !!Chart.getChart('weights-plot')")
                == Boolean.TRUE);
        // the newest job is mel's predict job; its stored prediction is what the box shows
        JsonObject job = JsonParser.parseString(get("/api/jobs?user=mel&limit=1", adminToken)).getAsJsonArray().get(0)
                .getAsJsonObject();
        assertEquals("predict", job.get("command").getAsString());
        assertEquals(training + "/seed-42", job.getAsJsonObject("args").get("checkpoint").getAsString());
        JsonObject prediction = JsonParser.parseString(get("/api/results/" + job.get("result_id").getAsString(),
                adminToken)).getAsJsonObject().getAsJsonArray("predictions").get(0).getAsJsonObject();
        JsonObject weights = prediction.getAsJsonObject("model_weights");
        assertEquals(MODELS, new ArrayList<>(weights.keySet()), "a weight per model, in the checkpoint's order");
        @SuppressWarnings("unchecked")
        Map<String, Object> bars = (Map<String, Object>) js("const c = Chart.getChart('weights-plot'); "
                + "return {labels: c.data.labels, values: c.data.datasets[0].data};");
        assertEquals(MODELS, bars.get("labels"));
        List<?> values = (List<?>) bars.get("values");
        double sum = 0;
        for (int i = 0; i < MODELS.size(); i++) {
            double w = weights.get(MODELS.get(i)).getAsDouble();
            assertEquals(w, ((Number) values.get(i)).doubleValue(), 1e-12);
            sum += w;
        }
        assertEquals(1.0, sum, 1e-5, "DME's softmax weights sum to 1");
        assertEquals("Prediction: " + prediction.getAsJsonArray("labels").get(0).getAsString(),
                driver.findElement(By.id("predicted-label")).getText());
        // the class probabilities under the label names of the checkpoint's model.json (sentiment-sentences:
        // negative, positive)
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#prediction table"), "positive"));
        String probabilities = driver.findElement(By.cssSelector("#prediction table")).getText();
        JsonArray scores = prediction.getAsJsonArray("scores");
        assertTrue(probabilities.contains("negative " + String.format(java.util.Locale.ROOT, "%.3f",
                scores.get(0).getAsDouble())), probabilities);
        assertTrue(probabilities.contains("positive " + String.format(java.util.Locale.ROOT, "%.3f",
                scores.get(1).getAsDouble())), probabilities);
        js("document.getElementById('weights-plot').scrollIntoView({block: 'center'})");
        shot("training-prediction");

        // a viewer sees no prediction box, and the server refuses its forged predict job
        signIn("vic");
        driver.get(base + "/#/result/" + training);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-predict")));
        assertTrue(driver.findElements(By.id("predict-form")).isEmpty());
        String forged = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0]; "
                + "fetch('/api/session').then(r => r.json()).then(s => fetch('/api/jobs', {method: 'POST', "
                + "headers: {'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token}, body: JSON.stringify("
                + "{command: 'predict', args: {checkpoint: '" + training + "/seed-42', text: 'x'}})})).then(r => r.text()"
                + ".then(t => done(r.status + ' ' + t)));");
        assertTrue(forged.startsWith("403 "), forged);
    }

    @Test
    @Order(15)
    void theNewRankingFormRefusesAFileOverTheUploadLimitBeforeSendingIt() throws Exception {
        signIn("mel");
        driver.get(base + "/#/new");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("submit-ranking")));
        // the limit of lmwb serve (100 MB, lmwb.rest's ServerSettings), as the session reports it
        assertEquals("at most 100.0 MB; it replaces an upload of the same name", driver.findElement(By.id("upload-hint")).getText());
        assertEverythingLabelled();
        // a file of 101 MB; sparse: the page reads only its size, so the disk holds none of it
        Path big = home.resolve("too-large.csv");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(101L * 1024 * 1024);
        }
        int jobsBefore = JsonParser.parseString(get("/api/jobs", adminToken)).getAsJsonArray().size();
        driver.findElement(By.id("upload")).sendKeys(big.toString());
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#submit-status .error")));
        assertEquals("too-large.csv is 101.0 MB, larger than the server's upload limit of 100.0 MB; choose a smaller file "
                + "or downsample it first.", error.getText());
        shot("upload-too-large");
        driver.findElement(By.id("submit-ranking")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#submit-status .error")));
        assertTrue(driver.findElement(By.id("submit-ranking")).isEnabled(), "the form stays usable");
        // nothing was sent: no upload stored, no job queued
        assertEquals("[]", get("/api/datasets/uploads", tokens.get("mel")).strip());
        assertEquals(jobsBefore, JsonParser.parseString(get("/api/jobs", adminToken)).getAsJsonArray().size());
    }

    @Test
    @Order(16)
    void aRealModelVectorMapAndRankAgainstDepthAreDrawnFromTheirStoredResults() throws Exception {
        signIn("mel");
        // real fine-tunes: every weight of all-minilm-l6-v2 trains (not frozen) for one short epoch on 100 examples of
        // two datasets, two seeds each: four checkpoints whose weight changes modelvec and deltarank read. The jobs name
        // the stored trainings by id (a client cannot name server folders).
        List<String> trainings = new ArrayList<>();
        for (String dataset : List.of("sentiment-sentences", "spam-subjects")) {
            trainings.add(runJob("train", Map.of("dataset", dataset, "models", List.of("all-minilm-l6-v2"), "epochs", 1,
                    "downsample", 100, "max_length", 32, "batch_size", 16, "runs", 2, "patience", 1)));
        }
        String vectors = runJob("modelvec", Map.of("base", "all-minilm-l6-v2", "models", trainings));
        String ranks = runJob("deltarank", Map.of("base", "all-minilm-l6-v2", "models", trainings));

        JsonObject doc = JsonParser.parseString(get("/api/results/" + vectors, adminToken)).getAsJsonObject();
        JsonArray models = doc.getAsJsonArray("models");
        assertEquals(4, models.size(), "two trainings of two seeds: " + models);
        driver.get(base + "/#/result/" + vectors);
        wait.until(d -> js("return !!window.Chart && !!Chart.getChart('modelvec-plot')") == Boolean.TRUE);
        js("document.getElementById('modelvec-plot').scrollIntoView({block: 'center'})");
        for (String projection : List.of("pca", "tsne")) {
            if (projection.equals("tsne")) {
                new Select(driver.findElement(By.id("modelvec-projection"))).selectByValue("tsne");
            }
            // every stored model is a point of its label's series at its stored coordinates, and the point drawn on
            // the canvas sits where the chart's axes put those coordinates
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> points = (List<Map<String, Object>>) js("const c = Chart.getChart('modelvec-plot'); "
                    + "return c.data.datasets.flatMap((d, i) => d.data.map((p, j) => { const e = c.getDatasetMeta(i).data[j]; "
                    + "return {label: d.label, name: p.name, x: p.x, y: p.y, drawnX: c.scales.x.getValueForPixel(e.x), "
                    + "drawnY: c.scales.y.getValueForPixel(e.y), span: [c.scales.x.max - c.scales.x.min, "
                    + "c.scales.y.max - c.scales.y.min]}; }));");
            assertEquals(models.size(), points.size(), projection + ": a point per model");
            for (JsonElement e : models) {
                JsonObject m = e.getAsJsonObject();
                Map<String, Object> p = points.stream().filter(q -> m.get("name").getAsString().equals(q.get("name")))
                        .findFirst().orElseThrow(() -> new AssertionError("no point for " + m.get("name")));
                JsonArray xy = m.getAsJsonArray(projection);
                assertEquals(m.get("label").getAsString(), p.get("label"), "its label's series");
                assertEquals(xy.get(0).getAsDouble(), ((Number) p.get("x")).doubleValue(), 1e-12, projection + " x of " + p.get("name"));
                assertEquals(xy.get(1).getAsDouble(), ((Number) p.get("y")).doubleValue(), 1e-12, projection + " y of " + p.get("name"));
                List<?> span = (List<?>) p.get("span");
                // a pixel's worth of the axis: where the drawn point is, read back through the axes
                assertEquals(xy.get(0).getAsDouble(), ((Number) p.get("drawnX")).doubleValue(),
                        ((Number) span.get(0)).doubleValue() / 500, projection + " drawn x of " + p.get("name"));
                assertEquals(xy.get(1).getAsDouble(), ((Number) p.get("drawnY")).doubleValue(),
                        ((Number) span.get(1)).doubleValue() / 300, projection + " drawn y of " + p.get("name"));
            }
        }
        // the labels are the trainings' datasets, and the names say which stored training and seed each model is
        List<String> names = new ArrayList<>();
        models.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        assertEquals(List.of(trainings.get(0) + "/seed-42", trainings.get(0) + "/seed-43", trainings.get(1) + "/seed-42",
                trainings.get(1) + "/seed-43"), names);
        assertEquals("sentiment-sentences", models.get(0).getAsJsonObject().get("label").getAsString());
        assertEquals("spam-subjects", models.get(3).getAsJsonObject().get("label").getAsString());
        // the stored PCA picture is shown too
        assertEquals(Boolean.TRUE, js("const i = [...document.querySelectorAll('#plots img')].find(i => i.alt.startsWith('pca.svg'));"
                + " return !!i && i.complete && i.naturalWidth > 0;"));
        shot("analysis-modelvec");

        JsonObject rankDoc = JsonParser.parseString(get("/api/results/" + ranks, adminToken)).getAsJsonObject();
        JsonArray rows = rankDoc.getAsJsonArray("rows");
        JsonArray taus = rankDoc.getAsJsonArray("taus");
        driver.get(base + "/#/result/" + ranks);
        wait.until(d -> js("return !!window.Chart && !!Chart.getChart('deltarank-plot')") == Boolean.TRUE);
        js("document.getElementById('deltarank-plot').scrollIntoView({block: 'center'})");
        for (int t = 0; t < taus.size(); t++) {
            if (t > 0) {
                new Select(driver.findElement(By.id("deltarank-tau"))).selectByValue(String.valueOf(t));
            }
            @SuppressWarnings("unchecked")
            Map<String, List<List<Number>>> lines = (Map<String, List<List<Number>>>) js("const o = {}; "
                    + "Chart.getChart('deltarank-plot').data.datasets.forEach(d => o[d.label] = d.data.map(p => [p.x, p.y])); return o;");
            assertEquals(6, lines.size(), "a line per parameter family: " + lines.keySet());
            assertEquals(6 * 6, rows.size(), "6 layers x 6 families");
            for (JsonElement e : rows) {
                JsonObject row = e.getAsJsonObject();
                List<Number> point = lines.get(row.get("family").getAsString()).get(row.get("layer").getAsInt());
                JsonObject rank = row.getAsJsonArray("ranks").get(t).getAsJsonObject();
                assertEquals(taus.get(t).getAsDouble(), rank.get("tau").getAsDouble());
                assertEquals(row.get("layer").getAsInt(), point.get(0).intValue());
                assertEquals(rank.get("mean").getAsDouble(), point.get(1).doubleValue(), 1e-12,
                        row.get("family") + " layer " + row.get("layer") + " at tau " + taus.get(t));
            }
        }
        // a family's line hidden from the keyboard, and shown again
        WebElement first = driver.findElement(By.cssSelector("#deltarank-plot-toggles input"));
        first.sendKeys(org.openqa.selenium.Keys.SPACE);
        wait.until(d -> js("return Chart.getChart('deltarank-plot').isDatasetVisible(0)") == Boolean.FALSE);
        first.sendKeys(org.openqa.selenium.Keys.SPACE);
        wait.until(d -> js("return Chart.getChart('deltarank-plot').isDatasetVisible(0)") == Boolean.TRUE);
        assertEverythingLabelled();
        shot("analysis-deltarank");

        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String id : List.of(vectors, ranks)) {
                driver.get(base + "/#/result/" + id);
                wait.until(d -> js("return !!document.querySelector('main h1') && !!window.Chart") == Boolean.TRUE);
                assertNarrow("result/" + id);
            }
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(17)
    void theJobsPageShowsAFailedJobsErrorAndCancelsARunningJob() throws Exception {
        signIn("mel");
        driver.get(base + "/#/jobs");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
        // a job that fails when it runs (the model is looked up then), and one long enough to cancel: 3,000 sentences
        // with a model no other test embedded
        long failing = submit(tokens.get("mel"), Map.of("dataset", "sentiment-sentences", "models", List.of("no-such-model"),
                "downsample", 50));
        long running = submit(tokens.get("mel"), Map.of("dataset", "sentiment-sentences", "models",
                List.of("bge-small-en-v1.5"), "downsample", 3000));
        new WebDriverWait(driver, JOB_TIMEOUT).until(d -> "failed".equals(js("const r = document.getElementById('job-"
                + failing + "'); return r ? r.dataset.state : null;")));
        // the page is mel's: the error as the API shows mel, without server paths (the Hugging Face cache under the
        // server's home folder is '<server path>/hub' there, ClientPaths); an admin's copy names the folder
        JsonObject failed = JsonParser.parseString(get("/api/jobs/" + failing, tokens.get("mel"))).getAsJsonObject();
        String error = failed.get("error").getAsString();
        assertTrue(error.contains("no-such-model"), error);
        assertFalse(error.contains(System.getProperty("user.home") + "/"), error);
        assertEquals(error, js("return document.querySelector('#job-" + failing + " .error').textContent"),
                "the row shows the job's error as mel may see it");
        assertEquals(Boolean.TRUE, js("return !document.querySelector('#job-" + failing + " button')"),
                "a finished job has no cancel button");
        // mel's own running job has a cancel button; pressing it cancels the job on the server
        new WebDriverWait(driver, JOB_TIMEOUT).until(d -> "running".equals(js("const r = document.getElementById('job-"
                + running + "'); return r ? r.dataset.state : null;")));
        shot("jobs-running");
        // the page redraws a running job's row when its progress changes: find and press the button in one step, again
        // if the row was redrawn in between (a stale element is refused before any click reaches the page)
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#job-" + running + " button[aria-label='cancel job " + running + "']")).click();
            return true;
        });
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> "cancelled".equals(js("const r = "
                + "document.getElementById('job-" + running + "'); return r ? r.dataset.state : null;")));
        assertEquals("cancelled", JsonParser.parseString(get("/api/jobs/" + running, adminToken)).getAsJsonObject()
                .get("state").getAsString());
        shot("jobs-failed-cancelled");
    }

    @Test
    @Order(18)
    void pruneResultsAreDrawnFromTheirStoredDocument() throws Exception {
        signIn("mel");
        // a real prune run, small: 200 sentences (the embeddings of the first tests), two probe epochs
        String prune = runJob("prune", Map.of("model", List.of("all-minilm-l6-v2"), "dataset", "sentiment-sentences",
                "samples", 200, "epochs", 2));
        JsonObject doc = JsonParser.parseString(get("/api/results/" + prune, adminToken)).getAsJsonObject();
        driver.get(base + "/#/result/" + prune);
        wait.until(d -> js("return !!window.Chart && !!Chart.getChart('prune-plot')") == Boolean.TRUE);
        js("document.getElementById('prune-plot').scrollIntoView({block: 'center'})");
        for (String split : List.of("dev", "test")) {
            if (split.equals("test")) {
                new Select(driver.findElement(By.id("prune-split"))).selectByValue("test");
            }
            @SuppressWarnings("unchecked")
            Map<String, List<List<Number>>> lines = (Map<String, List<List<Number>>>) js("const o = {}; "
                    + "Chart.getChart('prune-plot').data.datasets.forEach(d => o[d.lmwbKey] = d.data.map(p => [p.x, p.y])); return o;");
            for (String key : List.of("layerwise", "incremental")) {
                JsonArray probes = doc.getAsJsonArray(key);
                assertEquals(probes.size(), lines.get(key).size(), key + ": a point per layer");
                for (int l = 0; l < probes.size(); l++) {
                    assertEquals(l, lines.get(key).get(l).get(0).intValue());
                    assertEquals(probes.get(l).getAsJsonObject().get(split).getAsDouble(),
                            lines.get(key).get(l).get(1).doubleValue(), 1e-12, key + " " + split + " at layer " + l);
                }
            }
            double oracle = doc.getAsJsonObject("oracle").get(split).getAsDouble();
            assertEquals(oracle, lines.get("oracle").get(0).get(1).doubleValue(), 1e-12, "oracle " + split);
            assertEquals(oracle, lines.get("oracle").get(1).get(1).doubleValue(), 1e-12, "oracle " + split);
        }
        // a row per LayerSelector threshold, its kept neurons as stored
        JsonArray selections = doc.getAsJsonArray("selections");
        List<WebElement> rows = driver.findElements(By.cssSelector("#prune-selections tbody tr"));
        assertEquals(selections.size(), rows.size());
        JsonObject first = selections.get(0).getAsJsonObject();
        assertTrue(rows.get(0).getText().contains(first.get("neurons_kept").getAsInt() + " ("), rows.get(0).getText());
        assertEverythingLabelled();
        shot("analysis-prune");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Signs in afresh (a blank page first: a hash change alone would not reload the page without its cookie). */
    private void signIn(String user) {
        driver.manage().deleteAllCookies();
        driver.get("about:blank");
        driver.get(base + "/");
        signInForm(user, tokens.get(user));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user + " ("));
    }

    private void signInForm(String user, String token) {
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-user")));
        name.clear();
        name.sendKeys(user);
        WebElement field = driver.findElement(By.id("signin-token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("signin-submit")).click();
    }

    /** The page is no wider than the window (a 390 px phone screen here). */
    private void assertNarrow(String page) {
        long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
        assertTrue(overflow <= 0, "#/" + page + " is " + overflow + " px wider than the screen");
    }

    /** Every visible input and select of the page has a label (or an aria-label). */
    private void assertEverythingLabelled() {
        Object unlabelled = js("return [...document.querySelectorAll('main input, main select')].filter(e => "
                + "e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id || e.name)");
        assertEquals(List.of(), unlabelled, "fields without a label");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void shot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private String launcher(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("runtime/lmwb").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        environment(pb);
        Path out = Files.createTempFile(home, "out", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runtime/lmwb " + String.join(" ", args) + " did not finish within 180 s");
        }
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), () -> "runtime/lmwb " + String.join(" ", args) + " failed: " + log());
        return text;
    }

    private void environment(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.put("LMWB_HOME", home.toString());
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.putIfAbsent("DJL_CACHE_DIR", System.getProperty("user.home") + "/.lmwb/djl");
        env.remove("LMWB_REBUILD");
        env.remove("LMWB_REMOTE");
        env.remove("LMWB_TOKEN");
    }

    private void startServer() throws Exception {
        int httpPort = freePort();
        int sshPort = freePort();
        while (sshPort == httpPort) {
            sshPort = freePort();
        }
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("runtime/lmwb").toString(), "serve", "--http-port",
                String.valueOf(httpPort), "--ssh-port", String.valueOf(sshPort)).directory(ROOT.toFile());
        environment(pb);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        server = pb.start();
        base = "http://127.0.0.1:" + httpPort;
        Instant until = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(until)) {
            assertTrue(server.isAlive(), () -> "serve exited early: " + log());
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("serve did not answer /api/health within 180 s: " + log());
    }

    private String createUser(String name, String role) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return token(r.body());
    }

    private static String token(String json) {
        return JsonParser.parseString(json.strip()).getAsJsonObject().get("token").getAsString();
    }

    /** Submits a rank job as the admin and waits for it; returns its result id. */
    private String runJob(Map<String, Object> args) throws Exception {
        return runJob("rank", args);
    }

    /** Submits a job as the admin and waits for it; returns its result id. */
    private String runJob(String command, Map<String, Object> args) throws Exception {
        long id = submit(adminToken, command, args);
        Instant until = Instant.now().plus(JOB_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            JsonObject job = JsonParser.parseString(get("/api/jobs/" + id, adminToken)).getAsJsonObject();
            String state = job.get("state").getAsString();
            if (state.equals("succeeded")) {
                return job.get("result_id").getAsString();
            }
            JsonElement error = job.get("error");
            assertFalse(state.equals("failed") || state.equals("cancelled"), () -> "job " + id + " " + state + ": "
                    + (error == null || error.isJsonNull() ? "" : error.getAsString()) + "\n" + log());
            Thread.sleep(500);
        }
        throw new AssertionError("job " + id + " did not finish within " + JOB_TIMEOUT + ": " + log());
    }

    /** Submits a rank job through the REST API; returns its id. */
    private long submit(String token, Map<String, Object> args) throws Exception {
        return submit(token, "rank", args);
    }

    /** Submits a job through the REST API; returns its id. */
    private long submit(String token, String command, Map<String, Object> args) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("command", command);
        body.add("args", new com.google.gson.Gson().toJsonTree(args));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsLong();
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** GET /api/session from inside the browser (its cookies), for its status. */
    private String get401(String path) {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[0]; fetch('" + path
                + "').then(r => done(String(r.status)));");
    }

    private static int status(String s) {
        return Integer.parseInt(s);
    }

    private String log() {
        try {
            String text = Files.readString(serverLog, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
