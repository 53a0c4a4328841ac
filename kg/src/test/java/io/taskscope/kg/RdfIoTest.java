package io.taskscope.kg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.jena.riot.Lang;
import org.junit.jupiter.api.Test;

/** Bodies Jena parses with only a warning but that no RDF syntax may carry. */
class RdfIoTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRawNulInAnNTriplesIriIsRefusedNamingIt() {
    assertThatThrownBy(() -> RdfIo.parse(utf8("<urn:s\0> <urn:p> \"o\" .\n"), Lang.NTRIPLES))
        .isInstanceOf(RdfIo.ParseException.class).hasMessageContaining("control character U+0000");
  }

  @Test
  void anEscapedControlCharacterInATurtleIriOrDatatypeIsRefused() {
    assertThatThrownBy(() -> RdfIo.parse(utf8("<urn:s> <urn:p\\u0007> \"o\" .\n"), Lang.TURTLE))
        .isInstanceOf(RdfIo.ParseException.class).hasMessageContaining("U+0007");
    assertThatThrownBy(() -> RdfIo.parse(utf8("<urn:s> <urn:p> \"o\"^^<urn:t\\u001F> .\n"), Lang.TURTLE))
        .isInstanceOf(RdfIo.ParseException.class).hasMessageContaining("U+001F");
  }

  @Test
  void controlCharactersInLiteralsAndUnusualIrisAreKept() throws Exception {
    var g = RdfIo.parse(utf8("<glc:X> <urn:p> \"a\\u0000b\\tc\" .\n"), Lang.NTRIPLES);
    assertThat(g.size()).isEqualTo(1);
  }
}
