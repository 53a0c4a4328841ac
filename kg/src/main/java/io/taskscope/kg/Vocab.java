package io.taskscope.kg;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/** IRIs of the terms TaskScope's graphs use (see {@code taskscope-kg.ttl}). */
public final class Vocab {
  static {
    // Initialise Jena before any of its classes: starting it from inside a Jena class initialiser can deadlock or fail.
    org.apache.jena.sys.JenaSystem.init();
  }

  /** The GLACIATION reference model (MetadataReferenceModel v1.1.0). */
  public static final String GLC = "https://glaciation-project.eu/MetadataReferenceModel#";
  /** kg_exporter's Kubernetes terms (hasName, hasContainerID, hasContainerName). */
  public static final String K8S = "http://glaciation-project.eu/model/k8s/";
  /** TaskScope's additions. */
  public static final String TS = "https://taskscope.io/ontology/kg#";

  public static final Node TYPE = NodeFactory.createURI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

  // glc classes
  public static final Node WorkProducingResource = glc("WorkProducingResource");
  public static final Node AssignedTask = glc("AssignedTask");
  public static final Node Status = glc("Status");
  public static final Node Scheduler = glc("Scheduler");
  public static final Node SoftConstraint = glc("SoftConstraint");
  public static final Node HardConstraint = glc("HardConstraint");
  public static final Node MeasurementUnit = glc("MeasurementUnit");
  public static final Node Aspect = glc("Aspect");
  public static final Node MeasuringResource = glc("MeasuringResource");
  public static final Node MeasurementProperty = glc("MeasurementProperty");
  // glc properties
  public static final Node hasID = glc("hasID");
  public static final Node hasDescription = glc("hasDescription");
  public static final Node hasSubResource = glc("hasSubResource");
  public static final Node hasStatus = glc("hasStatus");
  public static final Node hasConstraint = glc("hasConstraint");
  public static final Node hasAspect = glc("hasAspect");
  public static final Node measuredIn = glc("measuredIn");
  public static final Node relatesToMeasurementProperty = glc("relatesToMeasurementProperty");
  public static final Node consumes = glc("consumes");
  public static final Node makes = glc("makes");
  public static final Node manages = glc("manages");
  public static final Node assigns = glc("assigns");
  public static final Node startTime = glc("startTime");
  public static final Node endTime = glc("endTime");
  public static final Node maxValue = glc("maxValue");
  // glc individuals
  public static final Node Core = glc("Core");
  public static final Node Bytes = glc("Bytes");
  public static final Node MB = glc("MB");
  public static final Node Performance = glc("Performance");
  public static final Node Power = glc("Power");
  // k8s
  public static final Node hasName = NodeFactory.createURI(K8S + "hasName");
  public static final Node hasContainerID = NodeFactory.createURI(K8S + "hasContainerID");
  public static final Node hasContainerName = NodeFactory.createURI(K8S + "hasContainerName");
  // ts
  public static final Node GNode = ts("GNode");
  public static final Node Telemetry = ts("Telemetry");
  public static final Node MetricsData = ts("MetricsData");
  public static final Node LogsData = ts("LogsData");
  public static final Node Datasource = ts("Datasource");
  public static final Node Metric = ts("Metric");
  public static final Node Dashboard = ts("Dashboard");
  public static final Node hasTelemetry = ts("hasTelemetry");
  public static final Node hasData = ts("hasData");
  public static final Node dataType = ts("dataType");
  public static final Node hasDatasource = ts("hasDatasource");
  public static final Node datasourceType = ts("datasourceType");
  public static final Node url = ts("url");
  public static final Node hasMetric = ts("hasMetric");
  public static final Node metricName = ts("metricName");
  public static final Node promQuery = ts("promQuery");
  public static final Node logQuery = ts("logQuery");
  public static final Node hasDashboard = ts("hasDashboard");
  public static final Node dashboardType = ts("dashboardType");
  public static final Node gnodeId = ts("gnodeId");
  public static final Node namespace = ts("namespace");
  public static final Node replicas = ts("replicas");
  public static final Node Percent = ts("Percent");
  public static final Node BytesPerSecond = ts("BytesPerSecond");
  public static final Node Joule = ts("Joule");
  // forecasts (the prediction service)
  public static final Node Forecast = ts("Forecast");
  public static final Node hasForecast = ts("hasForecast");
  public static final Node forecastModel = ts("forecastModel");
  public static final Node createdAt = ts("createdAt");
  public static final Node forecastStart = ts("forecastStart");
  public static final Node stepSeconds = ts("stepSeconds");
  public static final Node horizonSteps = ts("horizonSteps");
  public static final Node targetId = ts("targetId");
  public static final Node forecastData = ts("forecastData");

  private Vocab() {}

  public static Node glc(String local) {
    return NodeFactory.createURI(GLC + local);
  }

  public static Node ts(String local) {
    return NodeFactory.createURI(TS + local);
  }
}
