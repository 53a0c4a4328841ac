package io.taskscope.kg;

import java.util.List;
import java.util.Locale;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunction;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.modify.request.Target;
import org.apache.jena.sparql.modify.request.UpdateBinaryOp;
import org.apache.jena.sparql.modify.request.UpdateCreate;
import org.apache.jena.sparql.modify.request.UpdateData;
import org.apache.jena.sparql.modify.request.UpdateDeleteWhere;
import org.apache.jena.sparql.modify.request.UpdateDropClear;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.Element1;
import org.apache.jena.sparql.syntax.ElementAssign;
import org.apache.jena.sparql.syntax.ElementBind;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementDataset;
import org.apache.jena.sparql.syntax.ElementExists;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementLateral;
import org.apache.jena.sparql.syntax.ElementMinus;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementNotExists;
import org.apache.jena.sparql.syntax.ElementOptional;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.sparql.syntax.ElementUnfold;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateRequest;

/**
 * What a SPARQL query or update may do on the Metadata Service: read and change the store's own graphs, nothing else.
 * Rejected for every caller, whatever its role, with a message naming the construct: {@code SERVICE} (the server
 * would call a URL of the request's choosing), {@code LOAD} (it would read a URL or a local file), {@code FROM} /
 * {@code FROM NAMED} / {@code USING} / {@code USING NAMED} (a dataset description can name documents outside the
 * store; queries run over the store's graphs, which {@code GRAPH <g>} selects), {@code DROP ALL} / {@code CLEAR ALL}
 * (every subgraph at once: delete subgraphs one by one, or wipe as admin) and any {@code file:} IRI anywhere.
 *
 * <p>The check walks the parsed syntax tree, never the text, so escapes ({@code \u0066ile:}), prefixes and base IRIs
 * cannot hide a construct. Its recursion is bounded: texts nested deeper than {@link Nesting#MAX_DEPTH} are refused
 * before they are parsed.
 */
final class SparqlSandbox {
  private SparqlSandbox() {}

  /** The construct a query may not use, or null when it may run. */
  static String problem(Query q) {
    try {
      checkQuery(q);
      return null;
    } catch (Refused r) {
      return r.getMessage();
    }
  }

  /** The construct an update may not use, or null when it may run. */
  static String problem(UpdateRequest req) {
    try {
      for (Update u : req.getOperations()) {
        checkUpdate(u);
      }
      return null;
    } catch (Refused r) {
      return r.getMessage();
    }
  }

  /** A refusal, carried up through the walk. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static void checkQuery(Query q) {
    if (!q.getGraphURIs().isEmpty()) {
      throw new Refused("FROM <" + q.getGraphURIs().get(0) + "> is not allowed: queries run over the store's "
          + "graphs (the default graph is their union); select one with GRAPH <g> { ... }");
    }
    if (!q.getNamedGraphURIs().isEmpty()) {
      throw new Refused("FROM NAMED <" + q.getNamedGraphURIs().get(0) + "> is not allowed: queries run over the "
          + "store's graphs; select one with GRAPH <g> { ... }");
    }
    if (q.getQueryPattern() != null) {
      element(q.getQueryPattern());
    }
    if (q.getConstructTemplate() != null) {
      q.getConstructTemplate().getQuads().forEach(SparqlSandbox::quad);
    }
    q.getResultURIs().forEach(SparqlSandbox::node);
    if (q.getProject() != null) {
      q.getProject().getExprs().values().forEach(SparqlSandbox::expr);
    }
    if (q.hasGroupBy()) {
      q.getGroupBy().getExprs().values().forEach(SparqlSandbox::expr);
    }
    if (q.hasHaving()) {
      q.getHavingExprs().forEach(SparqlSandbox::expr);
    }
    if (q.hasOrderBy()) {
      q.getOrderBy().forEach(c -> expr(c.getExpression()));
    }
    if (q.hasValues()) {
      bindings(q.getValuesData());
    }
  }

  private static void checkUpdate(Update u) {
    switch (u) {
      case UpdateLoad l -> throw new Refused("LOAD <" + l.getSource() + "> is not allowed: the Metadata Service "
          + "reads no URL and no file; send the graph itself (PUT /subgraph/{id} or PATCH /api/v0/graph)");
      case UpdateModify m -> {
        if (!m.getUsing().isEmpty()) {
          throw new Refused("USING <" + m.getUsing().get(0) + "> is not allowed: updates match the store's graphs; "
              + "select one with GRAPH <g> { ... } or WITH <g>");
        }
        if (!m.getUsingNamed().isEmpty()) {
          throw new Refused("USING NAMED <" + m.getUsingNamed().get(0) + "> is not allowed: updates match the "
              + "store's graphs; select one with GRAPH <g> { ... }");
        }
        if (m.getWithIRI() != null) {
          node(m.getWithIRI());
        }
        m.getDeleteQuads().forEach(SparqlSandbox::quad);
        m.getInsertQuads().forEach(SparqlSandbox::quad);
        if (m.getWherePattern() != null) {
          element(m.getWherePattern());
        }
      }
      case UpdateDeleteWhere d -> d.getQuads().forEach(SparqlSandbox::quad);
      case UpdateData d -> d.getQuads().forEach(SparqlSandbox::quad);
      case UpdateDropClear dc -> {
        if (dc.isAll() || dc.isAllNamed()) {
          throw new Refused(dc.getClass().getSimpleName().replace("Update", "").toUpperCase(Locale.ROOT) + " "
              + (dc.isAll() ? "ALL" : "NAMED") + " is not allowed: it removes every graph at once; drop graphs one "
              + "by one (DROP GRAPH <g>, DELETE /subgraph/{id})");
        }
        target(dc.getTarget());
      }
      case UpdateCreate c -> node(c.getGraph());
      case UpdateBinaryOp b -> {
        target(b.getSrc());
        target(b.getDest());
      }
      default -> throw new Refused("update operation " + u.getClass().getSimpleName() + " is not allowed");
    }
  }

  private static void target(Target t) {
    if (t != null && t.isOneNamedGraph()) {
      node(t.getGraph());
    }
  }

  private static void element(Element e) {
    switch (e) {
      case ElementService s -> throw new Refused("SERVICE " + s.getServiceNode() + " is not allowed: the Metadata "
          + "Service calls no other endpoint; query the store's graphs");
      case ElementSubQuery sq -> checkQuery(sq.getQuery());
      case ElementDataset d -> throw new Refused("a dataset description (FROM / FROM NAMED) is not allowed");
      case ElementGroup g -> g.getElements().forEach(SparqlSandbox::element);
      case ElementUnion u -> u.getElements().forEach(SparqlSandbox::element);
      case ElementNamedGraph ng -> {
        node(ng.getGraphNameNode());
        element(ng.getElement());
      }
      case ElementOptional o -> element(o.getOptionalElement());
      case ElementMinus m -> element(m.getMinusElement());
      case ElementExists x -> element(x.getElement());
      case ElementNotExists x -> element(x.getElement());
      case ElementLateral l -> element(l.getLateralElement());
      case Element1 one -> element(one.getElement());
      case ElementFilter f -> expr(f.getExpr());
      case ElementBind b -> expr(b.getExpr());
      case ElementAssign a -> expr(a.getExpr());
      case ElementUnfold uf -> expr(uf.getExpr());
      case ElementData d -> d.getRows().forEach(SparqlSandbox::binding);
      case ElementPathBlock pb -> pb.getPattern().forEach(SparqlSandbox::triplePath);
      case ElementTriplesBlock tb -> tb.getPattern().forEach(SparqlSandbox::triple);
      default -> throw new Refused("query construct " + e.getClass().getSimpleName() + " is not allowed");
    }
  }

  private static void expr(Expr e) {
    if (e == null) {
      return;
    }
    switch (e) {
      case NodeValue nv -> node(nv.asNode());
      case ExprFunctionOp op -> {
        element(op.getElement());
        op.getArgs().forEach(SparqlSandbox::expr);
      }
      case ExprAggregator agg -> {
        if (agg.getAggregator().getExprList() != null) {
          agg.getAggregator().getExprList().forEach(SparqlSandbox::expr);
        }
      }
      case ExprFunction f -> {
        String iri = f.getFunctionIRI();
        if (iri != null) {
          iri(iri);
        }
        f.getArgs().forEach(SparqlSandbox::expr);
      }
      default -> {
        // variables and the like name nothing outside the store
      }
    }
  }

  private static void bindings(List<Binding> rows) {
    rows.forEach(SparqlSandbox::binding);
  }

  private static void binding(Binding b) {
    for (var it = b.vars(); it.hasNext(); ) {
      Var v = it.next();
      node(b.get(v));
    }
  }

  private static void triplePath(TriplePath tp) {
    node(tp.getSubject());
    node(tp.getObject());
    if (tp.isTriple()) {
      node(tp.getPredicate());
    } else if (tp.getPath() != null) {
      path(tp.getPath());
    }
  }

  /** Longest property path accepted: Jena evaluates (and prints) a path by recursion, one level per step. */
  static final int MAX_PATH_STEPS = 1000;

  /**
   * Every IRI of a property path, walked with a stack of our own: the parser builds a sequence of n steps as a tree
   * n deep, which a recursive walk (Jena's own printer included) could not get through.
   */
  private static void path(org.apache.jena.sparql.path.Path root) {
    java.util.ArrayDeque<org.apache.jena.sparql.path.Path> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    int steps = 0;
    while (!todo.isEmpty()) {
      org.apache.jena.sparql.path.Path p = todo.pop();
      if ((p instanceof org.apache.jena.sparql.path.P_Path0 || p instanceof org.apache.jena.sparql.path.P_NegPropSet)
          && ++steps > MAX_PATH_STEPS) {
        throw new Refused("a property path of more than " + MAX_PATH_STEPS + " steps is not allowed");
      }
      switch (p) {
        case org.apache.jena.sparql.path.P_Path0 p0 -> node(p0.getNode());
        case org.apache.jena.sparql.path.P_NegPropSet neg -> neg.getNodes().forEach(p0 -> node(p0.getNode()));
        case org.apache.jena.sparql.path.P_Path1 p1 -> todo.push(p1.getSubPath());
        case org.apache.jena.sparql.path.P_Path2 p2 -> {
          todo.push(p2.getLeft());
          todo.push(p2.getRight());
        }
        default -> throw new Refused("property path construct is not allowed");
      }
    }
  }

  private static void triple(Triple t) {
    node(t.getSubject());
    node(t.getPredicate());
    node(t.getObject());
  }

  private static void quad(Quad q) {
    node(q.getGraph());
    node(q.getSubject());
    node(q.getPredicate());
    node(q.getObject());
  }

  private static void node(Node n) {
    if (n != null && n.isURI()) {
      iri(n.getURI());
    } else if (n != null && n.isTripleTerm()) {
      triple(n.getTriple());
    }
  }

  private static void iri(String iri) {
    if (iri.regionMatches(true, 0, "file:", 0, 5)) {
      throw new Refused("file: IRIs are not allowed: <" + iri + ">");
    }
  }
}
