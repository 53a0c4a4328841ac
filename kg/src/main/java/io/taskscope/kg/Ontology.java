package io.taskscope.kg;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.lib.ShLib;
import org.apache.jena.sparql.graph.GraphFactory;

/** The shipped ontology and SHACL shapes, loaded from the classpath. */
public final class Ontology {
  static {
    org.apache.jena.sys.JenaSystem.init();
  }

  public static final String ONTOLOGY_RESOURCE = "/io/taskscope/kg/taskscope-kg.ttl";
  public static final String SHAPES_RESOURCE = "/io/taskscope/kg/taskscope-kg-shapes.ttl";
  private static volatile Shapes shapes;

  private Ontology() {}

  public static Graph ontology() {
    return load(ONTOLOGY_RESOURCE);
  }

  public static Graph shapesGraph() {
    return load(SHAPES_RESOURCE);
  }

  public static Shapes shapes() {
    Shapes s = shapes;
    if (s == null) {
      s = Shapes.parse(shapesGraph());
      shapes = s;
    }
    return s;
  }

  /** Validates a graph against the shapes. */
  public static ValidationReport validate(Graph g) {
    return ShaclValidator.get().validate(shapes(), g);
  }

  /** The report as text (empty when it conforms). */
  public static String describe(ValidationReport r) {
    if (r.conforms()) {
      return "";
    }
    var out = new java.io.ByteArrayOutputStream();
    ShLib.printReport(out, r);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Graph load(String resource) {
    try (InputStream in = Ontology.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      Graph g = GraphFactory.createDefaultGraph();
      RDFParser.source(in).lang(Lang.TURTLE).parse(g);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
