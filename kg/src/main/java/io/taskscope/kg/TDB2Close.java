package io.taskscope.kg;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.tdb2.sys.TDBInternal;

/** Releases a TDB2 database so the same directory can be opened again in this JVM (restart tests, reopen). */
final class TDB2Close {
  private TDB2Close() {}

  static void close(DatasetGraph dsg) {
    try {
      dsg.close();
    } finally {
      TDBInternal.expel(dsg);
    }
  }
}
