package io.taskscope.kg;

/** An answer other than success, with the status and a message that names the problem. */
final class HttpError extends io.taskscope.core.http.Problem {
  final int status;

  HttpError(int status, String message) {
    super(status, message);
    this.status = status;
  }
}
