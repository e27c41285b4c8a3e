/**
 * "Why not": whether a provider can serve a request, and every reason it cannot
 * ({@link io.grid.core.whynot.ProviderFit}); whether it offers a GPU model is grid-api's {@link io.grid.api.GpuModels}.
 */
package io.grid.core.whynot;
