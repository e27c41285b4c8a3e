package io.grid.api;

import java.math.BigInteger;

/**
 * Asks a gateway to deploy an app for an order, from a catalog template or from a YAML URL (exactly one).
 *
 * @param orderId    the order whose resources the app runs on
 * @param yamlUrl    an http(s) URL of multi-document Kubernetes YAML, or null
 * @param templateId an id from the gateway's app catalog, or null
 */
public record DeployRequest(@Uint(256) BigInteger orderId, String yamlUrl, String templateId) {

    public DeployRequest {
        Require.amount(orderId, "orderId");
        boolean hasUrl = yamlUrl != null && !yamlUrl.isBlank();
        boolean hasTemplate = templateId != null && !templateId.isBlank();
        if (hasUrl == hasTemplate) {
            throw new IllegalArgumentException("give exactly one of yamlUrl and templateId");
        }
        if (hasUrl && yamlUrl.length() > 2048) {
            throw new IllegalArgumentException("yamlUrl is longer than 2048 characters");
        }
    }
}
