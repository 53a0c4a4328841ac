package io.taskscope.kg;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangJSONLD11;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.util.Context;

/** Parsing and writing RDF in the formats the Metadata Service speaks, with errors that name their position. */
public final class RdfIo {
  static {
    org.apache.jena.sys.JenaSystem.init();
  }

  /** Media types served and accepted, first one is the default. */
  public static final List<String> MEDIA_TYPES = List.of("application/ld+json", "application/n-triples",
      "text/turtle", "application/rdf+thrift");

  private RdfIo() {}

  /** A parse failure with the parser's message and, when known, its line and column. */
  public static final class ParseException extends Exception {
    public ParseException(String message) {
      super(message);
    }
  }

  /** The RDF language of a media type (parameters ignored), or null. {@code application/json} is JSON-LD. */
  public static Lang langOf(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    String mt = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (mt) {
      case "application/ld+json", "application/json" -> Lang.JSONLD;
      case "application/n-triples", "text/plain" -> Lang.NTRIPLES;
      case "text/turtle", "application/x-turtle" -> Lang.TURTLE;
      case "application/rdf+thrift", "application/x-binary-rdf" -> Lang.RDFTHRIFT;
      default -> null;
    };
  }

  public static String mediaTypeOf(Lang lang) {
    if (lang == Lang.JSONLD) {
      return "application/ld+json";
    } else if (lang == Lang.NTRIPLES) {
      return "application/n-triples";
    } else if (lang == Lang.TURTLE) {
      return "text/turtle; charset=utf-8";
    } else if (lang == Lang.RDFTHRIFT) {
      return "application/rdf+thrift";
    }
    throw new IllegalArgumentException(String.valueOf(lang));
  }

  /** Parses a body into a fresh graph. JSON-LD remote contexts are never fetched (they are an error). */
  public static Graph parse(byte[] body, Lang lang) throws ParseException {
    Graph g = GraphFactory.createDefaultGraph();
    Context ctx = new Context();
    if (lang == Lang.JSONLD) {
      JsonLdOptions o = new JsonLdOptions((url, options) -> {
        throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
            "remote documents are not loaded (inline the @context): " + url);
      });
      ctx.set(LangJSONLD11.JSONLD_OPTIONS, o);
    }
    try {
      RDFParser.source(new ByteArrayInputStream(body)).lang(lang).base("urn:taskscope:base:")
          .errorHandler(POSITIONED).context(ctx).parse(g);
    } catch (RiotException e) {
      throw new ParseException(lang.getLabel() + " parse error: " + e.getMessage());
    } catch (RuntimeException e) {
      // Titanium and Thrift failures do not always come as RiotException.
      throw new ParseException(lang.getLabel() + " parse error: " + e);
    }
    return g;
  }

  private static final ErrorHandler POSITIONED = new ErrorHandler() {
    @Override
    public void warning(String message, long line, long col) {
      // Warnings (e.g. unusual IRIs such as kg_exporter's "glc:X") do not reject a body.
    }

    @Override
    public void error(String message, long line, long col) {
      throw new RiotException(at(line, col) + message);
    }

    @Override
    public void fatal(String message, long line, long col) {
      throw new RiotException(at(line, col) + message);
    }
  };

  private static String at(long line, long col) {
    if (line < 0) {
      return "";
    }
    return col < 0 ? "line " + line + ": " : "line " + line + ", column " + col + ": ";
  }

  public static byte[] write(Graph g, Lang lang) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, g, lang);
    return out.toByteArray();
  }

  /** Writes {@code g} in {@code lang} (with TaskScope's prefixes for JSON-LD and Turtle) to {@code out}. */
  public static void write(java.io.OutputStream out, Graph g, Lang lang) {
    Graph withPrefixes = g;
    if (lang == Lang.JSONLD || lang == Lang.TURTLE) {
      withPrefixes = GraphFactory.createDefaultGraph();
      withPrefixes.getPrefixMapping().setNsPrefix("glc", Vocab.GLC).setNsPrefix("k8s", Vocab.K8S)
          .setNsPrefix("ts", Vocab.TS).setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#")
          .setNsPrefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
      Graph target = withPrefixes;
      g.find().forEachRemaining(target::add);
    }
    RDFFormat fmt = lang == Lang.JSONLD ? RDFFormat.JSONLD11_PRETTY
        : lang == Lang.TURTLE ? RDFFormat.TURTLE_PRETTY
        : lang == Lang.RDFTHRIFT ? RDFFormat.RDF_THRIFT : RDFFormat.NTRIPLES;
    RDFDataMgr.write(out, withPrefixes, fmt);
  }

  /** N-Triples, one triple a line, sorted: a canonical text of a graph without blank nodes. */
  public static String canonical(Graph g) {
    List<String> lines = new ArrayList<>();
    g.find().forEachRemaining((Triple t) -> lines.add(NodeFmtLib.strNT(t.getSubject()) + " "
        + NodeFmtLib.strNT(t.getPredicate()) + " " + NodeFmtLib.strNT(t.getObject()) + " ."));
    lines.sort(null);
    return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The graph with every literal in its canonical lexical form ("0.25e0"^^xsd:double and "2.5E-1"^^xsd:double are
   * one value; TDB2 and JSON-LD give doubles back in different spellings).
   */
  public static Graph canonicalLiterals(Graph g) {
    Graph out = GraphFactory.createDefaultGraph();
    var canon = org.apache.jena.riot.process.normalize.CanonicalizeLiteral.get();
    g.find().forEachRemaining(t -> out.add(t.getSubject(), t.getPredicate(),
        t.getObject().isLiteral() ? canon.apply(t.getObject()) : t.getObject()));
    return out;
  }

  /** Same facts: isomorphic once literals are canonical. */
  public static boolean sameFacts(Graph a, Graph b) {
    return canonicalLiterals(a).isIsomorphicWith(canonicalLiterals(b));
  }

  public static Graph parseNTriples(String s) {
    Graph g = GraphFactory.createDefaultGraph();
    RDFParser.fromString(s, Lang.NTRIPLES).parse(g);
    return g;
  }
}
