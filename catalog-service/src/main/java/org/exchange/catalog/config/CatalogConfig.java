package org.exchange.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "exchange.catalog")
public interface CatalogConfig {

    /** Rows accepted by one membership call (POST or DELETE /api/datasets/{id}/subjects). */
    @WithDefault("10000")
    int maxBatchRows();
}
