package io.taskscope.bench;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import io.taskscope.kg.KgRequestChecks;
import io.taskscope.push.ProtobufBody;
import io.taskscope.push.PushException;
import io.taskscope.push.SimplepipeMetrics;
import io.taskscope.push.TextFormatParser;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What rejecting a hostile body of the largest accepted size costs, per parser, next to what accepting a valid body of
 * the same size costs (issue 11's budget: at most 50 ms of CPU per rejection). Each case is run in this thread and
 * timed with the thread's CPU clock (median of several runs after warm-up), so the numbers are CPU, not wall time.
 * Run by hand (docs/performance.md, "Hostile input"): {@code java -cp bench/target/classes:$(cat
 * bench/target/classpath.txt) io.taskscope.bench.HostileInputBench [--mib 16]}.
 */
public final class HostileInputBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private HostileInputBench() {}

  /** A parse that returns null when accepted, else its rejection message. */
  interface Check extends Function<byte[], String> {}

  record Case(String parser, String name, byte[] hostile, byte[] valid, Check check) {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 1 && args[0].equals("--mib") ? Integer.parseInt(args[1]) : 16;
    int size = mib << 20;
    List<Case> cases = new ArrayList<>();
    Check text = b -> {
      try {
        TextFormatParser.parse(b);
        return null;
      } catch (TextFormatParser.ParseException e) {
        return e.getMessage();
      }
    };
    Check proto = b -> {
      try {
        ProtobufBody.parse(b);
        return null;
      } catch (PushException e) {
        return e.getMessage();
      }
    };
    Check simplepipe = b -> {
      try {
        SimplepipeMetrics.parse(new String(b, StandardCharsets.UTF_8));
        return null;
      } catch (SimplepipeMetrics.InvalidMetricsException e) {
        return e.getMessage();
      }
    };
    Check turtle = b -> KgRequestChecks.rdf(b, "text/turtle");
    Check jsonld = b -> KgRequestChecks.rdf(b, "application/ld+json");
    Check query = b -> KgRequestChecks.query(new String(b, StandardCharsets.UTF_8));
    Check update = b -> KgRequestChecks.update(new String(b, StandardCharsets.UTF_8));

    byte[] validText = fill("# TYPE m gauge\n", i -> "m{instance=\"host-" + i + "\",job=\"bench\"} " + i + ".5\n", size);
    cases.add(new Case("text", "one value: digits then junk", ascii("m " + "1".repeat(size - 5) + "x\n"), validText,
        text));
    cases.add(new Case("text", "label value never closed", ascii("m{a=\"" + "v".repeat(size - 10)), validText, text));
    cases.add(new Case("text", "10^5 labels on one line, duplicate at end", ascii(labels(size)), validText, text));
    cases.add(new Case("text", "valid lines, bad last line", cat(validText, ascii("m{ 1\n"), size), validText,
        text));
    cases.add(new Case("text", "one name of 16 MiB", ascii("m".repeat(size - 3) + " 1"), validText, text));

    byte[] validProto = validProtobuf(size);
    byte[] ff = new byte[size];
    Arrays.fill(ff, (byte) 0xff);
    cases.add(new Case("protobuf", "varint that never ends", ff, validProto, proto));
    cases.add(new Case("protobuf", "length prefix past the end", cat(new byte[] {(byte) 0xfe, (byte) 0xff,
        (byte) 0xff, (byte) 0x07}, new byte[0], size), validProto, proto));
    cases.add(new Case("protobuf", "deeply nested unknown groups", nestedGroups(size), validProto, proto));
    cases.add(new Case("protobuf", "valid families, truncated last", Arrays.copyOf(validProto, validProto.length - 3),
        validProto, proto));

    byte[] validSimple = fill("[", i -> "{\"name\": \"m" + i + "\", \"description\": \"d\", \"value\": " + i
        + ", \"metric_type\": \"gauge\"},", size - 100);
    validSimple = ascii(new String(validSimple, StandardCharsets.US_ASCII) + "{\"name\": \"end\", \"description\": "
        + "\"d\", \"value\": 1, \"metric_type\": \"gauge\"}]");
    cases.add(new Case("simplepipe", "arrays nested 16 MiB deep", ascii("[".repeat(size)), validSimple, simplepipe));
    cases.add(new Case("simplepipe", "value: digits then junk", ascii("[{\"name\": \"a\", \"description\": \"d\", "
        + "\"value\": \"" + "1".repeat(size - 80) + "x\", \"metric_type\": \"gauge\"}]"), validSimple, simplepipe));
    cases.add(new Case("simplepipe", "value: zeros (overflowed the stack)", ascii("[{\"name\": \"a\", \"description\":"
        + " \"d\", \"value\": \"" + "0".repeat(5_000) + "x\", \"metric_type\": \"gauge\"}]"), validSimple, simplepipe));
    cases.add(new Case("simplepipe", "valid metrics, bad last value", ascii(new String(validSimple,
        StandardCharsets.US_ASCII).replace("\"value\": 1,", "\"value\": \"x\",")), validSimple, simplepipe));

    byte[] validTurtle = fill("", i -> "<urn:s" + i + "> <urn:p> \"v" + i + "\" .\n", size);
    cases.add(new Case("turtle", "blank nodes nested 16 MiB deep", ascii("<urn:s> <urn:p> " + "[<urn:p>".repeat(
        size / 8)), validTurtle, turtle));
    cases.add(new Case("turtle", "collections nested", ascii("<urn:s> <urn:p> " + "(".repeat(size - 20)),
        validTurtle, turtle));
    cases.add(new Case("turtle", "literal never closed", ascii("<urn:s> <urn:p> \"" + "v".repeat(size - 20)),
        validTurtle, turtle));
    cases.add(new Case("turtle", "valid triples, bad last", cat(validTurtle, ascii("<urn:s> <urn:p> .\n"), size),
        validTurtle, turtle));

    byte[] validJsonld = fill("{\"@context\": {\"p\": \"urn:p\"}, \"@graph\": [", i -> "{\"@id\": \"urn:s" + i
        + "\", \"p\": \"v" + i + "\"},", size - 100);
    validJsonld = ascii(new String(validJsonld, StandardCharsets.US_ASCII) + "{\"@id\": \"urn:end\", \"p\": \"v\"}]}");
    cases.add(new Case("json-ld", "arrays nested 16 MiB deep", ascii("{\"urn:p\": " + "[".repeat(size - 20)),
        validJsonld, jsonld));
    cases.add(new Case("json-ld", "objects nested", ascii("{\"urn:p\": ".repeat(size / 10)), validJsonld, jsonld));
    cases.add(new Case("json-ld", "remote @context", ascii("{\"@context\": \"http://127.0.0.1:9/ctx\", \"@graph\": "
        + new String(validJsonld, StandardCharsets.US_ASCII).substring(new String(validJsonld,
            StandardCharsets.US_ASCII).indexOf('[')).replaceFirst("]}$", "]") + "}"), validJsonld, jsonld));

    // Jena's grammar recurses per triple pattern of a group, so a valid query of maximum size is a long VALUES list
    // SPARQL text is refused past 128 KiB (SparqlEndpoint.MAX_SPARQL_CHARS): the valid texts are that long
    int sparqlMax = 128 * 1024 - 200;
    String values = new String(fill("", i -> "<urn:s" + i + "> ", sparqlMax), StandardCharsets.US_ASCII);
    byte[] validQuery = ascii("SELECT * WHERE { VALUES ?s { " + values + "} ?s ?p ?o }");
    cases.add(new Case("sparql query", "groups nested 16 MiB deep", ascii("SELECT * WHERE " + "{".repeat(size - 20)),
        validQuery, query));
    cases.add(new Case("sparql query", "parentheses nested", ascii("SELECT * WHERE { FILTER(" + "(".repeat(size - 30)),
        validQuery, query));
    cases.add(new Case("sparql query", "property path alternatives", ascii("SELECT * WHERE { ?s " + "(<urn:a>|<urn:b>)*/"
        .repeat(size / 20) + "<urn:c> ?o }"), validQuery, query));
    int limit = 128 * 1024 - 100;
    cases.add(new Case("sparql query", "SERVICE at the end, 128 KiB", ascii("SELECT * WHERE { VALUES ?s { " + new String(
        fill("", i -> "<urn:s" + i + "> ", limit - 100), StandardCharsets.US_ASCII) + "} SERVICE <http://127.0.0.1:9/> "
        + "{ ?s ?b ?c } }"), ascii("SELECT * WHERE { VALUES ?s { " + new String(fill("", i -> "<urn:s" + i + "> ",
        limit - 100), StandardCharsets.US_ASCII) + "} ?s ?p ?o }"), query));
    cases.add(new Case("sparql query", "path of 30,000 steps, 90 KiB", ascii("PREFIX : <urn:> SELECT * WHERE { ?s "
        + ":a/".repeat(30_000) + ":b ?o }"), ascii("PREFIX : <urn:> SELECT * WHERE { VALUES ?s { " + ":a ".repeat(
        30_000) + "} ?s ?p ?o }"), query));
    cases.add(new Case("sparql query", "5,000 patterns in one group", ascii("SELECT * WHERE {\n" + new String(fill("",
        i -> "?s <urn:p" + i + "> ?o" + i + " .\n", Math.min(size, 200_000)), StandardCharsets.US_ASCII) + "}"),
        validQuery, query));
    String patterns = new String(fill("", i -> "<urn:s> <urn:p" + i + "> \"o\" .\n", sparqlMax),
        StandardCharsets.US_ASCII);
    byte[] validUpdate = ascii("INSERT DATA {\n" + patterns + "}");
    cases.add(new Case("sparql update", "LOAD of a file", ascii("LOAD <file:///etc/passwd>"), validUpdate, update));
    cases.add(new Case("sparql update", "groups nested", ascii("INSERT { ?s ?p ?o } WHERE " + "{".repeat(size - 40)),
        validUpdate, update));
    cases.add(new Case("sparql update", "DROP ALL at the end, 128 KiB", ascii(new String(validUpdate,
        StandardCharsets.US_ASCII) + " ; DROP ALL"), validUpdate, update));

    System.out.printf("%-14s %-40s %10s %12s %12s %8s %s%n", "parser", "hostile case", "bytes", "reject ms",
        "valid ms", "ratio", "answer");
    for (Case c : cases) {
      String[] answer = new String[1];
      double reject = cpuMillis(() -> answer[0] = c.check().apply(c.hostile()), 5);
      if (answer[0] == null) {
        throw new AssertionError(c.parser() + " / " + c.name() + ": the hostile body was accepted");
      }
      String[] ok = new String[1];
      double valid = cpuMillis(() -> ok[0] = c.check().apply(c.valid()), 3);
      if (ok[0] != null) {
        throw new AssertionError(c.parser() + ": the valid body was refused: " + ok[0]);
      }
      String msg = answer[0].length() > 60 ? answer[0].substring(0, 60) + "..." : answer[0];
      System.out.printf("%-14s %-40s %10d %12.1f %12.1f %8.3f %s%n", c.parser(), c.name(), c.hostile().length,
          reject, valid, reject / valid, msg.replace('\n', ' '));
    }
  }

  static double cpuMillis(Runnable r, int runs) {
    for (int i = 0; i < 2; i++) {
      r.run();
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      r.run();
      t[i] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code head} then lines from {@code line} until about {@code size} bytes. */
  static byte[] fill(String head, java.util.function.IntFunction<String> line, int size) {
    StringBuilder sb = new StringBuilder(size + 200).append(head);
    for (int i = 0; sb.length() < size - 200; i++) {
      sb.append(line.apply(i));
    }
    return ascii(sb.toString());
  }

  static byte[] cat(byte[] a, byte[] b, int size) {
    byte[] out = Arrays.copyOf(a, Math.min(a.length, size - b.length) + b.length);
    System.arraycopy(b, 0, out, out.length - b.length, b.length);
    return out;
  }

  static String labels(int size) {
    StringBuilder sb = new StringBuilder(size).append("m{");
    for (int i = 0; sb.length() < size - 30; i++) {
      sb.append("l").append(i).append("=\"v\",");
    }
    return sb.append("l0=\"v\"} 1\n").toString();
  }

  static byte[] validProtobuf(int size) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 1024);
    for (int i = 0; out.size() < size - 200; i++) {
      Metrics.MetricFamily.newBuilder().setName("m" + i).setType(Metrics.MetricType.GAUGE)
          .addMetric(Metrics.Metric.newBuilder().addLabel(Metrics.LabelPair.newBuilder().setName("instance")
              .setValue("host-" + i)).setGauge(Metrics.Gauge.newBuilder().setValue(i))).build()
          .writeDelimitedTo(out);
    }
    return out.toByteArray();
  }

  /** One delimited message whose body opens group after group (field 15, wire type 3) without end. */
  static byte[] nestedGroups(int size) {
    byte[] body = new byte[size - 5];
    Arrays.fill(body, (byte) ((15 << 3) | 3));
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    int len = body.length;
    while (len >= 0x80) {
      out.write((len & 0x7f) | 0x80);
      len >>>= 7;
    }
    out.write(len);
    out.writeBytes(body);
    return out.toByteArray();
  }
}
