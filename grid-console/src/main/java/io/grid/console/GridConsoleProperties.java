package io.grid.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code grid.console.*}: whether this application serves the web console at {@code /console/}. */
@ConfigurationProperties(prefix = "grid.console")
public class GridConsoleProperties {

    /**
     * Serve the web console at {@code /console/} on the HTTP API address ({@code grid.http.host:port}). Off
     * unless set; the sample server turns it on.
     */
    private boolean enabled;

    /**
     * Where users open their apps through the gateway's reverse proxy, e.g. {@code https://apps.example.org}.
     * Unset: {@code http://grid.gateway.proxy-host:proxy-port} when this application runs the gateway.
     */
    private String appProxyUrl;

    public String getAppProxyUrl() {
        return appProxyUrl;
    }

    public void setAppProxyUrl(String appProxyUrl) {
        this.appProxyUrl = appProxyUrl;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
