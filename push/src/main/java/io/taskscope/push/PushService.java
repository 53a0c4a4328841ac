package io.taskscope.push;

import io.taskscope.core.http.Routes;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Map;

/** The hub and its API, built from the config: what the server mounts on its port. */
public final class PushService implements AutoCloseable {
  private final PushHub hub;
  private final PushApi api;
  private final Tenancy tenancy;

  private PushService(PushHub hub, PushApi api, Tenancy tenancy) {
    this.hub = hub;
    this.api = api;
    this.tenancy = tenancy;
  }

  /**
   * Opens the store ({@code storeOverride}, else {@code config.store}, else SQLite {@code push.db} under
   * {@code dataDir}), loads it and builds the API.
   */
  public static PushService start(PushConfig config, Path dataDir, String storeOverride, boolean adminApi,
      PrometheusRegistry registry, TaskResolver resolver, Map<String, String> flags) throws Exception {
    PushConfig c = config == null ? PushConfig.defaults() : config;
    c.checkTtls();
    Tenancy tenancy = Tenancy.of(c.tenancy());
    String url = storeOverride != null ? storeOverride : c.store();
    PushStore store;
    if (url == null || url.isBlank()) {
      store = JdbcPushStore.sqlite(dataDir, c.sqliteSynchronous());
    } else if (JdbcPushStore.isPostgresUrl(url)) {
      store = JdbcPushStore.postgres(url);
    } else if (url.startsWith("sqlite:")) {
      store = JdbcPushStore.sqlite(Path.of(url.substring("sqlite:".length())), c.sqliteSynchronous());
    } else {
      throw new IllegalArgumentException("push store " + url
          + ": use postgresql://user@host:port/db, a jdbc:postgresql: URL, or sqlite:DIR");
    }
    Long defaultTtl = c.defaultTtl() == null ? null : PushConfig.parseDuration(c.defaultTtl(), "push.defaultTtl");
    long poll = c.replicaPollInterval() == null ? 1000
        : java.util.Objects.requireNonNullElse(PushConfig.parseDuration(c.replicaPollInterval(),
            "push.replicaPollInterval"), 1000L);
    PushHub hub;
    try {
      hub = PushHub.open(store, new PushHub.Options(Boolean.TRUE.equals(c.rejectHelpConflicts()), defaultTtl, poll,
          1000), null, registry);
    } catch (Exception e) {
      store.close();
      throw e;
    }
    String v = PushService.class.getPackage().getImplementationVersion();
    Map<String, String> build = Map.of("version", v == null ? "dev" : v, "revision", "", "branch", "",
        "buildUser", "", "buildDate", "", "goVersion", "java " + Runtime.version());
    PushApi api = new PushApi(hub, tenancy, resolver,
        new PushApi.Settings(c.maxBody(), adminApi, defaultTtl, flags == null ? Map.of() : flags, build,
            c.maxTtlMillis()), registry);
    return new PushService(hub, api, tenancy);
  }

  public PushHub hub() {
    return hub;
  }

  public PushApi api() {
    return api;
  }

  /** The tenants; their tokens go into the port's access policy ({@link Tenancy#addTo}). */
  public Tenancy tenancy() {
    return tenancy;
  }

  public void mount(Routes routes) {
    api.mount(routes);
  }

  @Override
  public void close() {
    hub.close();
  }
}
