package io.taskscope.push;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** The bytes of the token {@link TextFormatParser} is reading, growing as needed. */
final class TokenBuffer {
  byte[] bytes = new byte[64];
  int len;

  void reset() {
    len = 0;
  }

  void add(int b) {
    if (len == bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, len * 2);
    }
    bytes[len++] = (byte) b;
  }

  /** Lossless for ASCII; invalid UTF-8 is replaced (only used where the bytes were checked or do not matter). */
  String string() {
    return new String(bytes, 0, len, StandardCharsets.UTF_8);
  }

  /** The token as strict UTF-8, or null when it is not valid UTF-8. */
  String utf8() {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  String quoted() {
    return GoText.quote(bytes, 0, len);
  }
}
