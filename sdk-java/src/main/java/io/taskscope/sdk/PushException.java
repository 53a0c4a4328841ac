package io.taskscope.sdk;

import java.io.IOException;
import java.net.URI;

/**
 * A push, push-add or delete that the server answered with a status other than 2xx. Carries the HTTP status and the
 * server's message (the response body, trimmed), so a caller can log or branch on them.
 */
public final class PushException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String serverMessage;
  private final String method;
  private final URI uri;

  public PushException(String method, URI uri, int status, String serverMessage) {
    super(method + " " + uri + " failed: HTTP " + status
        + (serverMessage == null || serverMessage.isEmpty() ? "" : ": " + serverMessage));
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.serverMessage = serverMessage == null ? "" : serverMessage;
  }

  /** The HTTP status code the server answered with. */
  public int status() {
    return status;
  }

  /** The server's explanation (response body, trimmed); empty when it sent none. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The HTTP method of the failed request. */
  public String method() {
    return method;
  }

  /** The URI of the failed request. */
  public URI uri() {
    return uri;
  }
}
