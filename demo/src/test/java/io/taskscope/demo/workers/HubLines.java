package io.taskscope.demo.workers;

import io.taskscope.push.PushHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Every sample line a push hub serves (no family headers): what the worker tests read back. */
final class HubLines {
  private HubLines() {}

  static byte[] of(PushHub hub) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    hub.collect((header, body) -> {
      try {
        body.writeLines(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return out.toByteArray();
  }
}
