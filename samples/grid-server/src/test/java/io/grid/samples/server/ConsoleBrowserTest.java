package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.core.workload.OrderNamespace;
import io.grid.simulated.SimulatedCluster;
import io.grid.simulated.SimulatedFailure;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.crypto.Credentials;

/**
 * The web console in a real browser (Debian's chromium through chromedriver) against the sample server on
 * the managed local chain and the simulated cluster. The page's wallet is an EIP-1193 provider that
 * forwards to Anvil's unlocked development accounts, so every signature is the chain node's own. The test
 * walks the whole story a person plays from the browser and saves a screenshot of every page under
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final long DURATION_SECONDS = 600;

    @TempDir
    static Path state;
    static ConfigurableApplicationContext server;
    static LocalChain chain;
    static ChromeDriver browser;
    static String console;
    static Credentials provider;
    static Credentials user;

    @BeforeAll
    static void start() throws IOException {
        int port = LoopbackPorts.free();
        server = GridServer.start(
                "--grid.http.port=" + port,
                "--grid.gateway.proxy-port=" + LoopbackPorts.free(),
                "--grid-server.local-state=" + state.resolve("local"),
                "--grid.gateway.cookie-key-file=" + state.resolve("cookie.key"));
        chain = server.getBean(LocalChain.class);
        provider = server.getBean("gridProviderCredentials", Credentials.class);
        user = chain.user(3);
        console = "http://127.0.0.1:" + port + "/console/";
        browser = startBrowser();
        String wallet;
        try (InputStream in = ConsoleBrowserTest.class.getResourceAsStream("anvil-wallet.js")) {
            wallet = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__RPC_URL__", chain.rpcUrl());
        }
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", wallet));
        Files.createDirectories(SCREENSHOTS);
    }

    static ChromeDriver startBrowser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + state.resolve("chromium-profile"),
                "--hide-scrollbars", "--window-size=1280,900", "--lang=en-US");
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPersonPlaysTheMarketplaceFromTheBrowserAlone() throws Exception {
        open("providers");
        screenshot("01-providers-empty");
        assertThat(unlabelledControls()).as("form controls without an accessible name").isEmpty();

        // The provider registers its terms, signed by its own wallet.
        useAccount(provider.getAddress());
        open("provider");
        click(By.id("wallet-button"));
        waitForText(By.id("wallet-button"), provider.getAddress().substring(0, 6));
        type(By.name("name"), "Example compute");
        click(By.id("terms-submit"));
        waitForNotice("You are registered");
        screenshot("02-provider-registered");

        // A user finds the provider and sees its price for what they need.
        useAccount(user.getAddress());
        open("providers");
        WebElement row = waitFor(By.cssSelector("#provider-table tbody tr"));
        assertThat(row.getText()).contains("Example compute");
        screenshot("03-providers");

        open("wallet");
        waitForText(By.id("wallet-network"), "GRID's");
        screenshot("04-wallet");

        // Pay in from the wallet; the confirmations count up as the chain grows; the transfer becomes credits.
        open("pay");
        type(By.cssSelector("#pay-form input[name=amount]"), "1000");
        click(By.cssSelector("#pay-form button"));
        waitForText(By.id("pay-confirmations-text"), "of 3");
        screenshot("05-pay-confirming");
        for (int i = 1; i < 3; i++) {
            chain.mine();
        }
        waitForNotice("Credited 1,000 GRID");
        waitForText(By.id("credits-available"), "1,000 GRID");

        // Some credits go back to the wallet: the withdrawal is signed by the wallet and relayed.
        BigInteger walletBefore = chain.token().balanceOf(user.getAddress()).send();
        type(By.cssSelector("#withdraw-form input[name=amount]"), "100");
        click(By.cssSelector("#withdraw-form button"));
        waitForNotice("Withdrawing 100 GRID");
        waitForText(By.id("credits-available"), "900 GRID");
        new WebDriverWait(browser, PATIENCE).until(d -> tokensOf(user).equals(walletBefore.add(BigInteger.TEN.pow(20))));
        screenshot("06-pay-credited");

        // Quote, then create the order: the wallet signs the cost limit.
        open("providers");
        click(By.cssSelector("#provider-table button.primary"));
        waitForText(By.id("orders-title"), "Orders");
        type(By.name("durationSeconds"), String.valueOf(DURATION_SECONDS));
        click(By.id("quote"));
        waitForText(By.id("quote-result"), "Costs");
        click(By.cssSelector("#order-form button[type=submit]"));
        String created = waitForNotice("created").getText();
        String orderId = created.replaceAll("^Order (\\d+) created.*$", "$1");
        waitForText(By.cssSelector("#order-table tbody"), "#" + orderId);
        screenshot("07-orders");

        // Greet 0/1/2 and deploy behind one button, then open the app through the gateway's proxy.
        click(By.cssSelector("#order-table button.primary"));
        waitForText(By.id("deploy-title"), "Deploy");
        waitFor(By.cssSelector("#deploy-form select[name=templateId] option"));
        new Select(browser.findElement(By.name("templateId"))).selectByValue("web-server");
        click(By.cssSelector("#deploy-form button[type=submit]"));
        waitForNotice("Deployed on order " + orderId);
        WebElement link = waitFor(By.cssSelector("#app-link:not([hidden])"));
        assertThat(browser.findElements(By.cssSelector("#deploy-steps li.done"))).hasSize(4);
        waitForText(By.id("app-objects"), "1/1 ready");
        screenshot("08-deploy");

        String app = link.getAttribute("href") + "?visit=console-browser-test";
        browser.get(app);
        String answered = waitFor(By.tagName("body")).getText();
        screenshot("09-app");
        assertThat(answered).contains("order: " + orderId);

        // Back in the console: the app's logs follow live and show the access-log line of that very request;
        // the events tell what the cluster did.
        open("deploy?order=" + orderId);
        waitForText(By.id("app-logs-state"), "following live");
        new WebDriverWait(browser, PATIENCE).until(d -> d.findElement(By.id("app-logs")).getText().lines()
                .anyMatch(line -> line.contains("\"GET /") && line.contains("?visit=console-browser-test HTTP/")
                        && line.endsWith("\" 200")));
        WebElement logs = browser.findElement(By.id("app-logs"));
        assertThat(logs.getAttribute("role")).isEqualTo("log");
        assertThat(logs.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(logs.getAttribute("tabindex")).isEqualTo("0");
        assertThat(logs.getText().lines().filter(line -> line.contains("visit=console-browser-test")))
                .allMatch(line -> line.matches("^\\S+/\\S+ .*"), "each line starts with pod/container");
        new WebDriverWait(browser, PATIENCE).until(d -> !d.findElements(By.cssSelector("#app-events li .badge")).isEmpty());
        assertThat(browser.findElement(By.id("app-events")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("app-failure")).isDisplayed()).as("a running app shows no failure").isFalse();
        screenshot("09b-deploy-logs-events");

        // The order's time passes on the chain; the platform settles it; the refund and the share show.
        chain.advance(DURATION_SECONDS + 5);
        open("orders");
        untilAfterReload(By.cssSelector("#order-table tbody"), "COMPLETED");
        screenshot("10-orders-settled");

        // A second order, cancelled before it starts: all of its cost comes back.
        click(By.cssSelector("#order-form button[type=submit]"));
        String second = waitForNotice("created").getText().replaceAll("^Order (\\d+) created.*$", "$1");
        click(By.cssSelector("button[aria-label='Cancel order " + second + "']"));
        waitForNotice("Order " + second + " cancelled");
        untilAfterReload(By.cssSelector("#order-table tbody"), "CANCELLED");

        // A deploy that fails: the provider's cluster cannot pull the image. The page tells the typed reason,
        // what the cluster said and what to do, and still shows the app's events.
        open("providers");
        click(By.cssSelector("#provider-table button.primary"));
        waitForText(By.id("orders-title"), "Orders");
        type(By.name("durationSeconds"), String.valueOf(DURATION_SECONDS));
        click(By.id("quote"));
        waitForText(By.id("quote-result"), "Costs");
        click(By.cssSelector("#order-form button[type=submit]"));
        String third = waitForNotice("created").getText().replaceAll("^Order (\\d+) created.*$", "$1");
        server.getBean(SimulatedCluster.class).kubelet().failIn(OrderNamespace.nameOf(new BigInteger(third)),
                SimulatedFailure.IMAGE_PULL);
        open("deploy?order=" + third);
        waitFor(By.cssSelector("#deploy-form select[name=templateId] option"));
        new Select(browser.findElement(By.name("templateId"))).selectByValue("web-server");
        click(By.cssSelector("#deploy-form button[type=submit]"));
        WebElement failure = waitFor(By.id("app-failure"));
        waitForText(By.id("app-failure-reason"), "IMAGE_PULL_FAILED");
        assertThat(failure.getAttribute("role")).isEqualTo("alert");
        assertThat(failure.getText()).contains("The image cannot be pulled", "cannot be pulled", "deploy again");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("IMAGE_PULL_FAILED");
        assertThat(browser.findElements(By.cssSelector("#deploy-steps li.failed"))).hasSize(1);
        waitForText(By.id("app-status"), "failed");
        assertThat(browser.findElement(By.id("app-link")).isDisplayed()).as("no link to an app that does not run").isFalse();
        new WebDriverWait(browser, PATIENCE).until(d -> d.findElement(By.id("app-events")).getText()
                .contains("IMAGE_PULL_FAILED"));
        screenshot("10b-deploy-failed");

        // The provider sees its earnings and withdraws them with its own transaction.
        BigInteger earnings = chain.market().earningsOf(provider.getAddress()).send();
        assertThat(earnings).isPositive();
        useAccount(provider.getAddress());
        open("provider");
        waitForText(By.id("earnings"), "GRID");
        screenshot("11-provider-earnings");
        BigInteger tokensBefore = chain.token().balanceOf(provider.getAddress()).send();
        click(By.id("withdraw-earnings"));
        waitForNotice("Earnings sent to your wallet");
        assertThat(chain.token().balanceOf(provider.getAddress()).send()).isEqualTo(tokensBefore.add(earnings));

        // The same pages at a phone's width.
        useAccount(user.getAddress());
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        open("providers");
        waitFor(By.cssSelector("#provider-table tbody tr"));
        screenshot("13-providers-390px");
        open("orders");
        waitForText(By.cssSelector("#order-table tbody"), "COMPLETED");
        screenshot("14-orders-390px");

        assertThat(walletCalls()).contains("eth_requestAccounts", "eth_signTypedData_v4", "personal_sign",
                "eth_sendTransaction");
    }

    // ------------------------------------------------------------------ the browser, as a person uses it

    void open(String page) {
        browser.get(console + "#" + page);
        new WebDriverWait(browser, PATIENCE).until(d -> "true".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || ''")));
    }

    void useAccount(String address) {
        if (!browser.getCurrentUrl().startsWith(console)) {
            open("providers");
        }
        browser.executeScript("window.gridTestUseAccount(arguments[0])", address);
    }

    /** Reloads the page until {@code what} shows {@code text}: for what the chain and the platform's jobs change. */
    void untilAfterReload(By what, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(90)).pollingEvery(Duration.ofSeconds(2)).until(d -> {
            d.navigate().refresh();
            new WebDriverWait(d, PATIENCE).until(r -> "true".equals(
                    ((JavascriptExecutor) r).executeScript("return document.body.dataset.ready || ''")));
            return d.findElement(what).getText().contains(text);
        });
    }

    static BigInteger tokensOf(Credentials account) {
        try {
            return chain.token().balanceOf(account.getAddress()).send();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the token balance of " + account.getAddress(), e);
        }
    }

    WebElement waitFor(By what) {
        return new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    void waitForText(By what, String text) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    /** Waits for the notice to say {@code text}; fails at once with the notice's words when it tells an error. */
    WebElement waitForNotice(String text) {
        WebElement notice = browser.findElement(By.id("notice"));
        new WebDriverWait(browser, PATIENCE).until(d -> {
            if (notice.getAttribute("class").contains("error")) {
                throw new AssertionError("the console told an error: " + notice.getText());
            }
            return notice.isDisplayed() && notice.getText().contains(text);
        });
        return notice;
    }

    /** Clicks what {@code what} finds, finding it again when the page rebuilt it meanwhile. */
    void click(By what) {
        new WebDriverWait(browser, PATIENCE).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(what).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    void type(By what, String text) {
        WebElement input = waitFor(what);
        input.clear();
        input.sendKeys(text);
    }

    /** Saves the whole page (not only the window) as {@code target/console-screenshots/<name>.png}. */
    @SuppressWarnings("unchecked")
    void screenshot(String name) throws IOException {
        Map<String, Object> content = (Map<String, Object>) browser.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) content.get("width")).doubleValue(),
                "height", ((Number) content.get("height")).doubleValue());
        String png = (String) browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode(png));
    }

    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) browser.executeScript("""
                return [...document.querySelectorAll('input, select, button, textarea')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                  .map(e => e.outerHTML);""");
    }

    @SuppressWarnings("unchecked")
    List<String> walletCalls() {
        return (List<String>) browser.executeScript("return JSON.parse(sessionStorage.getItem('gridTestCalls') || '[]')");
    }
}
