package io.grid.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which request paths name a console file. */
class ConsoleAssetsTest {

    private final ConsoleAssets assets = new ConsoleAssets();

    @Test
    void theConsoleRootIsTheSinglePage() {
        assertThat(assets.find("")).get().extracting(ConsoleAssets.Asset::path).isEqualTo("index.html");
    }

    @Test
    void findsFilesInSubfoldersWithTheirMediaType() {
        assertThat(assets.find("pages/orders.js")).get().extracting(ConsoleAssets.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("console.css")).get().extracting(ConsoleAssets.Asset::contentType)
                .isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void namesNothingOutsideTheFolderOrOfAnUnknownType() {
        assertThat(assets.find("../ConsoleAssets.class")).isEmpty();
        assertThat(assets.find("/etc/passwd")).isEmpty();
        assertThat(assets.find("pages//orders.js")).isEmpty();
        assertThat(assets.find("index.html.bak")).isEmpty();
        assertThat(assets.find("Index.HTML")).isEmpty();
        assertThat(assets.find("missing.js")).isEmpty();
    }
}
