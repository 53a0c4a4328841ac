package io.taskscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskscope.core.http.AccessPolicy;
import io.taskscope.core.http.Role;
import io.taskscope.core.http.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access: and limits: blocks of the serve config, merged with push.tenancy into one policy. */
class ServeConfigAccessTest {
  @TempDir
  Path dir;

  ServeConfig load(String yaml) throws Exception {
    return ServeConfig.load(Files.writeString(dir.resolve("c.yaml"), yaml));
  }

  static String h(String token) {
    return AccessPolicy.sha256Hex(token);
  }

  @Test
  void accessTokensAndTenantsMakeOnePolicy() throws Exception {
    ServeConfig c = load("""
        access:
          anonymousMetrics: false
          tokens:
            - {name: ops, tokenSha256: %s, roles: [admin]}
            - {name: grafana, tokenSha256: %s, roles: [graph-reader]}
        push:
          tenancy:
            adminTokenSha256: %s
            tenants: [{name: alice, tokenSha256: %s, namespaces: [alice]}]
        limits: {requestTimeout: 10s, maxConnections: 64, maxHeaderBytes: 16384, idleTimeout: 1m}
        kg: {cluster: c1, allowGetUpdate: true}
        """.formatted(h("o"), h("g"), h("r"), h("a")));
    AccessPolicy p = c.accessPolicy();
    assertThat(p.tokensConfigured()).isTrue();
    assertThat(p.anonymousMetrics()).isFalse();
    assertThat(p.names()).containsExactly("admin", "alice", "grafana", "ops");
    assertThat(p.byToken("g").roles()).containsExactly(Role.GRAPH_READER);
    assertThat(p.byToken("a").roles()).containsExactly(Role.TENANT);
    assertThat(p.byToken("r").roles()).containsExactly(Role.ADMIN);
    assertThat(c.limits().toServerLimits()).isEqualTo(new ServerLimits(Duration.ofSeconds(10), 64, 16384,
        Duration.ofMinutes(1)));
    assertThat(c.kg().getUpdateAllowed()).isTrue();
  }

  @Test
  void withoutTheBlocksNothingChanges() throws Exception {
    ServeConfig c = load("listen: {port: 9470}\n");
    assertThat(c.accessPolicy().tokensConfigured()).isFalse();
    assertThat(c.accessPolicy().anonymousMetrics()).isTrue();
    assertThat(c.limits().toServerLimits()).isEqualTo(ServerLimits.DEFAULTS);
  }

  @Test
  void aHashUsedTwiceAcrossBothBlocksIsAConfigError() throws Exception {
    ServeConfig c = load("""
        access:
          tokens: [{name: ops, tokenSha256: %s, roles: [admin]}]
        push:
          tenancy:
            tenants: [{name: alice, tokenSha256: %s, namespaces: [alice]}]
        """.formatted(h("same"), h("same")));
    assertThatThrownBy(c::accessPolicy).hasMessageContaining("push.tenancy.tenants[alice].tokenSha256")
        .hasMessageContaining("used twice").hasMessageContaining("access.tokens[0]");
  }

  @Test
  void badEntriesAreRejected() throws Exception {
    assertThatThrownBy(() -> load("access: {tokenz: []}\n")).hasMessageContaining("tokenz");
    assertThatThrownBy(() -> load("limits: {timeout: 3s}\n")).hasMessageContaining("timeout");
    assertThatThrownBy(() -> load("access: {tokens: [{name: x, tokenSha256: %s, roles: [root]}]}\n"
        .formatted(h("x"))).accessPolicy()).hasMessageContaining("access.tokens[0].roles: unknown role \"root\"");
    assertThatThrownBy(() -> load("access: {tokens: [{name: x, tokenSha256: %s, roles: [tenant]}]}\n"
        .formatted(h("x"))).accessPolicy()).hasMessageContaining("push.tenancy.tenants");
    assertThatThrownBy(() -> load("access: {tokens: [{name: x, tokenSha256: abc, roles: [admin]}]}\n")
        .accessPolicy()).hasMessageContaining("access.tokens[0].tokenSha256");
    assertThatThrownBy(() -> load("limits: {maxConnections: 0}\n").limits().toServerLimits())
        .hasMessageContaining("limits.maxConnections");
    assertThatThrownBy(() -> load("limits: {requestTimeout: soon}\n").limits().toServerLimits())
        .hasMessageContaining("limits: invalid duration");
  }

  @Test
  void serveRefusesABadAccessBlockBeforeBinding() throws Exception {
    Path cfg = Files.writeString(dir.resolve("bad.yaml"), """
        access:
          tokens: [{name: a, tokenSha256: %s, roles: [admin]}, {name: b, tokenSha256: %s, roles: [graph-reader]}]
        """.formatted(h("t"), h("t")));
    var err = new java.io.StringWriter();
    java.io.PrintStream old = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true));
    int code;
    try {
      code = Main.commandLine().execute("serve", "--push-only", "--config", cfg.toString(), "--port", "0",
          "--data-dir", dir.resolve("data").toString());
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(2);
    assertThat(buf.toString()).contains("used twice");
    assertThat(err.toString()).isEmpty();
  }
}
