package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The container image Jib wrote ({@code mvn -Pimage,image-offline verify}: target/jib-image.tar, an OCI image layout
 * in a tar file), read as a container runtime would: index, manifest, config, layers. Runs in the build's
 * {@code image-test} execution, after {@code package}, which names the tarball in {@code grid.image.tarball}.
 */
@EnabledIfSystemProperty(named = "grid.image.tarball", matches = ".+")
class ServerImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, byte[]> files;
    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void readImage() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("grid.image.tarball")))) {
            files = Tar.read(in);
        }
        JsonNode index = JSON.readTree(files.get("index.json"));
        manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
    }

    @Test
    void isAnOciImageNamedForTheProjectVersion() throws IOException {
        JsonNode index = JSON.readTree(files.get("index.json"));

        assertThat(files).containsKey("oci-layout");
        assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name")
                .asText()).startsWith("grid-server:");
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(config.path("os").asText()).isEqualTo("linux");
    }

    @Test
    void runsAsANumericNonRootUser() {
        String user = config.path("config").path("User").asText();

        assertThat(user).matches("[0-9]+:[0-9]+");
        assertThat(Integer.parseInt(user.substring(0, user.indexOf(':')))).isGreaterThan(0);
        assertThat(Integer.parseInt(user.substring(user.indexOf(':') + 1))).isGreaterThan(0);
    }

    @Test
    void startsTheServerWithItsTemporaryFilesOnAVolume() {
        List<String> entrypoint = texts(config.path("config").path("Entrypoint"));

        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-Djava.io.tmpdir=/tmp", "-cp", "@/app/jib-classpath-file");
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(GridServer.class.getName());
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/var/lib/grid");
        assertThat(names(config.path("config").path("Volumes"))).containsExactlyInAnyOrder("/var/lib/grid", "/tmp");
    }

    @Test
    void exposesTheApiTheProxyAndTheRedirectPortOfTheManifests() {
        assertThat(names(config.path("config").path("ExposedPorts")))
                .containsExactlyInAnyOrder("8443/tcp", "8444/tcp", "8080/tcp");
    }

    @Test
    void readsItsConfigTomlFromTheMountedSecret() {
        assertThat(texts(config.path("config").path("Env")))
                .contains("SPRING_CONFIG_IMPORT=optional:file:/etc/grid/config/config.toml")
                .anyMatch(env -> env.startsWith("PATH="));
    }

    @Test
    void holdsTheServerItsModulesAndTheClasspathItStartsWith() throws IOException {
        List<String> paths = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            paths.addAll(Tar.read(new GZIPInputStream(new ByteArrayInputStream(blob(layer.path("digest").asText()))))
                    .keySet());
        }
        byte[] classpathLayer = blob(manifest.path("layers").get(manifest.path("layers").size() - 1)
                .path("digest").asText());
        String classpath = new String(Tar.read(new GZIPInputStream(new ByteArrayInputStream(classpathLayer)))
                .get("app/jib-classpath-file"), StandardCharsets.UTF_8);

        assertThat(paths).contains("app/classes/io/grid/samples/server/GridServer.class", "app/resources/application.yml")
                .anyMatch(p -> p.matches("app/libs/grid-starter-.*\\.jar"))
                .anyMatch(p -> p.matches("app/libs/grid-routes-.*\\.jar"))
                .noneMatch(p -> p.endsWith("classes.jar/"));
        assertThat(classpath).contains("/app/classes", "/app/libs/grid-starter-");
    }

    private static byte[] blob(String digest) {
        byte[] blob = files.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(blob).as("blob %s", digest).isNotNull();
        return blob;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The entries of a POSIX tar stream (ustar, with PAX headers skipped; long names come from PAX path). */
    private static final class Tar {

        static Map<String, byte[]> read(InputStream in) throws IOException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            String paxPath = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return entries;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                String sizeField = text(header, 124, 12).trim();
                long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
                byte type = header[156];
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') {
                    paxPath = paxPath(new String(body, StandardCharsets.UTF_8));
                    continue;
                }
                if (type == 'g') {
                    continue;
                }
                String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
                paxPath = null;
                entries.put(path.startsWith("./") ? path.substring(2) : path.startsWith("/") ? path.substring(1) : path,
                        body);
            }
        }

        private static String paxPath(String records) {
            for (String record : records.split("\n")) {
                int space = record.indexOf(' ');
                if (space > 0 && record.startsWith("path=", space + 1)) {
                    return record.substring(space + 1 + "path=".length());
                }
            }
            return null;
        }

        private static String text(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
        }
    }
}
