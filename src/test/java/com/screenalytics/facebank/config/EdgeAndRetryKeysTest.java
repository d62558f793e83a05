package com.screenalytics.facebank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys of the failure behaviour: their defaults, and a value out of range stops start-up naming the key. */
class EdgeAndRetryKeysTest {

  @Test
  void defaults() {
    AppConfig config = new AppConfig(new JsonObject());
    config.validate();
    assertThat(config.httpIdleTimeoutS()).isEqualTo(60);
    assertThat(config.httpHeaderTimeoutS()).isEqualTo(10);
    assertThat(config.httpBodyTimeoutS()).isEqualTo(30);
    assertThat(config.httpMaxConnections()).isEqualTo(2000);
    assertThat(config.photosMaxPages()).isEqualTo(4);
    assertThat(config.dbRetryBackoffMs()).isEqualTo(250);
    assertThat(config.dbRetryMaxBackoffMs()).isEqualTo(5000);
  }

  @Test
  void aValueOutOfRangeOrNotANumberNamesItsKey() {
    Map<String, String> bad = Map.of(
        AppConfig.HTTP_IDLE_TIMEOUT_S, "0",
        AppConfig.HTTP_HEADER_TIMEOUT_S, "-1",
        AppConfig.HTTP_BODY_TIMEOUT_S, "ten",
        AppConfig.HTTP_MAX_CONNECTIONS, "0",
        AppConfig.PHOTOS_MAX_PAGES, "101",
        AppConfig.DB_RETRY_BACKOFF_MS, "0");
    bad.forEach((key, value) -> assertThatThrownBy(() -> new AppConfig(new JsonObject().put(key, value)).validate())
        .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key));
    assertThatThrownBy(() -> new AppConfig(new JsonObject().put(AppConfig.DB_RETRY_BACKOFF_MS, "1000")
        .put(AppConfig.DB_RETRY_MAX_BACKOFF_MS, "10")).validate()).hasMessageContaining(AppConfig.DB_RETRY_MAX_BACKOFF_MS);
  }
}
