package io.taskscope.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file for a process to reach fabric8's mock API server on loopback (token auth, namespace default). */
public final class MockKubeconfig {
  private MockKubeconfig() {}

  /** Writes the kubeconfig of the mock API server on {@code port} to {@code file} and returns the file. */
  public static Path write(Path file, int port) throws IOException {
    return Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "http://127.0.0.1:%d"}
        users:
          - name: u
            user: {token: mock}
        contexts:
          - name: mock
            context: {cluster: mock, user: u, namespace: default}
        current-context: mock
        """.formatted(port));
  }
}
