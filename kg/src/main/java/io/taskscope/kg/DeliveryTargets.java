package io.taskscope.kg;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;

/** The delivery targets, chosen by configuration. */
public final class DeliveryTargets {
  private DeliveryTargets() {}

  /** The embedded Metadata Service of this process. */
  public static DeliveryTarget embedded(MetadataService ms) {
    return new DeliveryTarget() {
      @Override
      public String name() {
        return "embedded";
      }

      @Override
      public void put(SubgraphId id, Graph graph) throws DeliveryException {
        try {
          ms.put(id, graph);
        } catch (RuntimeException e) {
          throw new DeliveryException("store", "embedded Metadata Service rejected " + id + ": " + e, e);
        }
      }

      @Override
      public void putAll(java.util.List<java.util.Map.Entry<SubgraphId, Graph>> updates) throws DeliveryException {
        try {
          ms.putAll(updates);
        } catch (RuntimeException e) {
          throw new DeliveryException("store", "embedded Metadata Service rejected a batch: " + e, e);
        }
      }
    };
  }

  /** A remote TaskScope Metadata Service: {@code PUT {base}/subgraph/{id}} with N-Triples. */
  public static DeliveryTarget subgraphHttp(URI base, Duration timeout) {
    return new HttpTarget("subgraph-http", timeout) {
      @Override
      HttpRequest request(SubgraphId id, Graph g) {
        return HttpRequest.newBuilder(URI.create(trim(base) + "/subgraph/" + id.value())).timeout(timeout)
            .header("Content-Type", "application/n-triples")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(RdfIo.write(g, Lang.NTRIPLES))).build();
      }
    };
  }

  /**
   * An upstream GLACIATION metadata service: {@code PATCH {base}/api/v0/graph} with kg_exporter's JSON-LD shape.
   * Upstream keeps every PATCH as a new timestamped snapshot; readers take the newest.
   */
  public static DeliveryTarget glaciation(URI base, String clusterBase, Duration timeout) {
    return new HttpTarget("glaciation", timeout) {
      @Override
      HttpRequest request(SubgraphId id, Graph g) {
        return HttpRequest.newBuilder(URI.create(trim(base) + "/api/v0/graph")).timeout(timeout)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(GlaciationJsonLd.write(g, clusterBase))).build();
      }
    };
  }

  /**
   * A SPARQL Graph Store Protocol endpoint (Fuseki {@code /ds/data}, GraphDB, ...): {@code PUT ?graph=<iri>}
   * replaces the named graph {@code urn:taskscope:subgraph:{id}}.
   */
  public static DeliveryTarget graphStore(URI endpoint, Duration timeout) {
    return new HttpTarget("graph-store", timeout) {
      @Override
      HttpRequest request(SubgraphId id, Graph g) {
        String sep = endpoint.toString().contains("?") ? "&" : "?";
        return HttpRequest.newBuilder(URI.create(endpoint + sep + "graph="
                + URLEncoder.encode(id.graphIri(), StandardCharsets.UTF_8))).timeout(timeout)
            .header("Content-Type", "application/n-triples")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(RdfIo.write(g, Lang.NTRIPLES))).build();
      }
    };
  }

  private static String trim(URI base) {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private abstract static class HttpTarget implements DeliveryTarget {
    private final String name;
    final HttpClient client;

    HttpTarget(String name, Duration timeout) {
      this.name = name;
      this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    abstract HttpRequest request(SubgraphId id, Graph g);

    @Override
    public String name() {
      return name;
    }

    @Override
    public void put(SubgraphId id, Graph graph) throws DeliveryException {
      HttpRequest req = request(id, graph);
      HttpResponse<String> resp;
      try {
        resp = client.send(req, HttpResponse.BodyHandlers.ofString());
      } catch (HttpConnectTimeoutException | ConnectException e) {
        throw new DeliveryException("unreachable", name + " " + req.uri() + " unreachable: " + e, e);
      } catch (HttpTimeoutException e) {
        throw new DeliveryException("timeout", name + " " + req.uri() + " timed out", e);
      } catch (IOException e) {
        throw new DeliveryException("io", name + " " + req.uri() + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeliveryException("interrupted", "interrupted", e);
      }
      int s = resp.statusCode();
      if (s < 200 || s >= 300) {
        String body = resp.body() == null ? "" : resp.body();
        throw new DeliveryException("http_" + s / 100 + "xx", name + " " + req.method() + " " + req.uri() + " → "
            + s + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body), null);
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
