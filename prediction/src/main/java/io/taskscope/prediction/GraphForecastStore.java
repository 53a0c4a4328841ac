package io.taskscope.prediction;

import io.taskscope.kg.MetadataService;
import io.taskscope.kg.SubgraphId;
import io.taskscope.kg.Vocab;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.graph.GraphFactory;

/**
 * Forecasts kept in the Metadata Service's TDB2 store, one subgraph per target ({@code forecasts/{target id}}): the
 * metric node of the telemetry graph links to a {@code ts:Forecast} node carrying the model, times and the whole
 * forecast as JSON. Graph readers find forecasts next to the telemetry they came from; the store survives restarts
 * with the data directory, and a save replaces the subgraph in one transaction.
 */
public final class GraphForecastStore implements ForecastStore {
  /** Subgraph id prefix of forecasts. */
  public static final String PREFIX = "forecasts/";

  private final MetadataService metadata;

  public GraphForecastStore(MetadataService metadata) {
    this.metadata = metadata;
  }

  /** The subgraph a target's forecast lives in. */
  public static SubgraphId subgraph(String targetId) {
    return new SubgraphId(PREFIX + targetId);
  }

  /** The forecast's graph: the link from its metric node and the forecast node. */
  public static Graph graph(StoredForecast f) {
    Graph g = GraphFactory.createDefaultGraph();
    Node metric = NodeFactory.createURI(f.target().metricIri());
    Node node = NodeFactory.createURI(f.target().metricIri() + ".Forecast");
    g.add(metric, Vocab.hasForecast, node);
    g.add(node, Vocab.TYPE, Vocab.Forecast);
    g.add(node, Vocab.targetId, NodeFactory.createLiteralString(f.target().id()));
    g.add(node, Vocab.forecastModel, NodeFactory.createLiteralString(f.model()));
    g.add(node, Vocab.createdAt, NodeFactory.createLiteralDT(f.createdAt().toString(), XSDDatatype.XSDdateTime));
    g.add(node, Vocab.forecastStart,
        NodeFactory.createLiteralDT(f.forecastStart().toString(), XSDDatatype.XSDdateTime));
    g.add(node, Vocab.stepSeconds, NodeFactory.createLiteralDT(
        java.math.BigDecimal.valueOf(f.step().toMillis(), 3).stripTrailingZeros().toPlainString(),
        XSDDatatype.XSDdecimal));
    g.add(node, Vocab.horizonSteps, NodeFactory.createLiteralDT(Integer.toString(f.horizon()),
        XSDDatatype.XSDinteger));
    g.add(node, Vocab.forecastData, NodeFactory.createLiteralString(ForecastJson.write(f)));
    return g;
  }

  @Override
  public void save(StoredForecast forecast) {
    metadata.put(subgraph(forecast.target().id()), graph(forecast));
  }

  @Override
  public Optional<StoredForecast> get(String targetId) {
    if (SubgraphId.problem(PREFIX + targetId) != null) {
      return Optional.empty();
    }
    return metadata.get(subgraph(targetId)).flatMap(g -> {
      var it = g.find(Node.ANY, Vocab.forecastData, Node.ANY);
      return it.hasNext() ? Optional.of(ForecastJson.read(it.next().getObject().getLiteralLexicalForm()))
          : Optional.empty();
    });
  }

  @Override
  public boolean delete(String targetId) {
    return SubgraphId.problem(PREFIX + targetId) == null && metadata.delete(subgraph(targetId));
  }

  @Override
  public List<String> targetIds() {
    List<String> ids = new ArrayList<>();
    for (String id : metadata.list()) {
      if (id.startsWith(PREFIX)) {
        ids.add(id.substring(PREFIX.length()));
      }
    }
    return ids;
  }
}
