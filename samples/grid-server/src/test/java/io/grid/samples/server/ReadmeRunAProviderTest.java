package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grid.contracts.chain.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;

/**
 * The README's "Run a provider" section, what of it needs no cluster: its register-and-check block run as written by
 * bash against a sample server this test starts (the example URLs become the server's, the provider's keystore a
 * fresh encrypted one), the manifests and Secrets its kubectl block names, the probe paths of the Deployment, and the
 * image profiles of its Maven block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeRunAProviderTest {

    private static final Pattern SECTION = Pattern.compile("\\n## Run a provider\\n(.*?)\\n## ", Pattern.DOTALL);
    private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final String PASSWORD = "run a provider test only";

    @TempDir
    static Path dir;
    private Path root;
    private List<String> blocks;
    private int http;
    private ConfigurableApplicationContext server;

    @BeforeAll
    void readTheSectionAndStartTheSampleServer() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.isDirectory(root.resolve("deploy/kubernetes"))) {
            root = root.getParent();
        }
        Matcher section = SECTION.matcher(Files.readString(root.resolve("README.md")));
        assertThat(section.find()).as("README.md has a 'Run a provider' section").isTrue();
        blocks = new ArrayList<>();
        Matcher bash = BASH.matcher(section.group(1));
        while (bash.find()) {
            blocks.add(bash.group(1));
        }
        assertThat(blocks).as("image, cluster, register blocks").hasSize(3);
        http = LoopbackPorts.free();
        server = GridServer.start(
                "--grid.http.port=" + http,
                "--grid.gateway.proxy-port=" + LoopbackPorts.free(),
                "--grid-server.local-state=" + dir.resolve("local"),
                "--grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"));
    }

    @AfterAll
    void stopTheSampleServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRegisterBlockRegistersTheProviderFromItsKeystoreAndTheChecksAnswer() throws Exception {
        String local = "http://127.0.0.1:" + http;
        String script = blocks.get(2).replace("https://platform.example.org", local)
                .replace("https://gw.example.org", local);
        Path work = Files.createDirectories(dir.resolve("work"));
        ReadmeTryItByHandTest.gridLauncher(work.resolve("bin"));
        Credentials provider = Credentials.create(Keys.createEcKeyPair());
        new ObjectMapper().writeValue(work.resolve("provider-keystore.json").toFile(),
                Wallet.createLight(PASSWORD, provider.getEcKeyPair()));
        Files.writeString(work.resolve("readme-block.sh"), script);
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-x", "readme-block.sh")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("told.txt").toFile());
        bash.environment().put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
        bash.environment().put("HOME", dir.toString());
        bash.environment().put("GRID_HOME", dir.resolve("grid-home").toString());
        bash.environment().put("GRID_KEY_PASSWORD", PASSWORD);

        Process process = bash.start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String told = Files.readString(dir.resolve("told.txt"));

        assertThat(ended ? process.exitValue() : -1).as(told).isZero();
        String address = provider.getAddress().toLowerCase();
        assertThat(told).containsIgnoringCase("Registered provider " + address)
                .contains("'example provider' with gateway " + local, "capacity  ")
                .contains("{\"status\":\"UP\",\"components\":{");
        // The registration's line and the provider's row in 'grid providers'.
        assertThat(told.lines().filter(l -> l.toLowerCase().contains(address) && l.contains("example provider")
                && l.contains(local))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theClusterBlockNamesShippedManifestsAndTheSecretsTheDeploymentMounts() throws IOException {
        String cluster = blocks.get(1);
        List<String> files = all(Pattern.compile("-f (\\S+\\.yaml)"), cluster);
        List<String> secrets = all(Pattern.compile("create secret (?:tls|generic) (\\S+)"), cluster);
        Deployment gateway = gatewayDeployment();

        assertThat(files).contains("deploy/kubernetes/gateway/deployment.yaml", "deploy/kubernetes/gateway/rbac.yaml")
                .allSatisfy(file -> assertThat(root.resolve(file)).isRegularFile()
                        .satisfies(path -> assertThat(path.startsWith(root.resolve("deploy/kubernetes"))).isTrue()));
        assertThat(secrets).containsExactlyInAnyOrderElementsOf(gateway.getSpec().getTemplate().getSpec().getVolumes()
                .stream().filter(v -> v.getSecret() != null).map(Volume::getSecret).map(s -> s.getSecretName())
                .toList());
        assertThat(cluster).doesNotContain("--from-literal");
    }

    @Test
    void theDeploymentsProbesAreRoutesTheServerAnswers() throws Exception {
        Deployment gateway = gatewayDeployment();
        var container = gateway.getSpec().getTemplate().getSpec().getContainers().get(0);
        HttpClient client = HttpClient.newHttpClient();

        for (String path : List.of(container.getLivenessProbe().getHttpGet().getPath(),
                container.getReadinessProbe().getHttpGet().getPath(),
                container.getStartupProbe().getHttpGet().getPath())) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(200);
        }
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
    }

    @Test
    void theImageBlockBuildsTheSampleServerWithTheImageProfilesCiRuns() throws IOException {
        String pom = Files.readString(root.resolve("samples/grid-server/pom.xml"));

        assertThat(blocks.get(0).lines().filter(l -> !l.isBlank()).toList()).hasSize(2)
                .allMatch(l -> l.startsWith("mvn -B -pl samples/grid-server -am -DskipTests package -Pimage"));
        assertThat(blocks.get(0)).contains("-Pimage,image-offline");
        assertThat(pom).contains("<id>image</id>", "<id>image-offline</id>", "<id>image-push</id>",
                "<goal>buildTar</goal>");
    }

    /** The Deployment of deploy/kubernetes/gateway/deployment.yaml (which also holds the data claim). */
    private Deployment gatewayDeployment() throws IOException {
        Object parsed;
        try (InputStream yaml = Files.newInputStream(root.resolve("deploy/kubernetes/gateway/deployment.yaml"))) {
            parsed = Serialization.unmarshal(yaml);
        }
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        return documents.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
