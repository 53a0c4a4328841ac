package io.taskscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrPageTest {
  static final Instant NOW = Instant.parse("2025-11-20T10:00:00Z");
  static final String XSS_NAME = "<script>alert(1)</script>";

  FakeClusterView view = new FakeClusterView()
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: IncrementalLearningJob
          metadata:
            name: helmet-il
            namespace: demo
            creationTimestamp: "2025-11-20T07:00:00Z"
            labels: {app: helmet, evil: "\\"><img src=x onerror=alert(2)>"}
            annotations: {sedna.io/Train: edge-node}
            managedFields: [{manager: kubectl, operation: Update}]
          spec:
            dataset: {name: helmet-dataset, trainProb: 0.8}
            trainSpec:
              template:
                spec:
                  containers: [{name: train-worker, image: "kubeedge/il:v0.1.0"}]
          status:
            conditions:
            - {type: Running, status: "True", stage: Train, message: "<script>alert(3)</script>",
               lastTransitionTime: "2025-11-20T07:10:00Z",
               data: '{"output":{"models":[{"format":"pb","url":"/output/model.pb"}]}}'}
            - {type: Completed, status: "True", stage: Train, reason: done, data: "not json {"}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: Model
          metadata: {name: yolo-v5-model, namespace: fl}
          spec: {url: "s3://kubeedge/model/yolov5.pth", format: pth}
          status:
            metrics:
            - {key: mAP, value: "0.4312"}
            - {key: loss, value: "[0.31]"}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: Model
          metadata: {name: yolo-v5-model-old, namespace: fl}
          spec: {url: /m, format: pb}
          """)
      .add("""
          apiVersion: sedna.io/v1alpha1
          kind: JointInferenceService
          metadata: {name: "<script>alert(1)</script>", namespace: demo}
          spec: {}
          """);

  UiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new UiServer(new OpsUi(view, () -> NOW));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void objectPageShowsMetadataSpecConditionsAndDataReadablyEscaped() throws Exception {
    HttpResponse<String> r = server.get("/ui/cr/IncrementalLearningJob/demo/helmet-il");
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body();
    assertThat(html).contains("<dt>app</dt><dd>helmet</dd>").contains("<dt>sedna.io/Train</dt><dd>edge-node</dd>")
        .contains("<dt>trainProb</dt><dd>0.8</dd>").contains("<th scope=\"col\">image</th>")
        .contains("<td>kubeedge/il:v0.1.0</td>")
        .contains("href=\"/ui/task/IncrementalLearningJob/demo/helmet-il\"")
        .contains("href=\"/ui/cr/IncrementalLearningJob/demo/helmet-il?format=yaml\"");
    // conditions newest first, data pretty-printed, non-JSON data as text
    assertThat(html.indexOf("<td>Completed</td>")).isLessThan(html.indexOf("<td>Running</td>"));
    assertThat(html).contains("<pre class=\"json\">{\n  &quot;output&quot; : {\n    &quot;models&quot;")
        .contains("<td>not json {</td>");
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x")
        .contains("&lt;script&gt;alert(3)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;").doesNotContain("managedFields");
  }

  @Test
  void modelMetricsAreATable() throws Exception {
    String html = server.get("/ui/cr/Model/fl/yolo-v5-model").body();
    assertThat(html).contains("<h2 id=\"h-metrics\">Metrics</h2>")
        .contains("<tr><td>mAP</td><td class=\"num\">0.4312</td></tr>")
        .contains("<tr><td>loss</td><td class=\"num\">[0.31]</td></tr>");
  }

  @Test
  void yamlViewDropsManagedFieldsAndDownloads() throws Exception {
    HttpResponse<String> page = server.get("/ui/cr/IncrementalLearningJob/demo/helmet-il?format=yaml");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<pre class=\"yaml\">apiVersion: sedna.io/v1alpha1\nkind: IncrementalLearningJob")
        .contains("trainProb: 0.8").doesNotContain("managedFields")
        .contains("evil: &#39;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;").doesNotContain("<img");
    HttpResponse<String> file = server.get("/ui/cr/IncrementalLearningJob/demo/helmet-il?format=yaml&download=1");
    assertThat(file.headers().firstValue("Content-Type")).hasValue("text/yaml; charset=utf-8");
    assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"helmet-il.yaml\"");
    assertThat(file.body()).startsWith("apiVersion: sedna.io/v1alpha1\n").contains("  name: helmet-il\n")
        .doesNotContain("managedFields");
    assertThat(server.get("/ui/cr/Model/fl/yolo-v5-model?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void lookupListsMatchesAndRedirectsOnOneExactMatch() throws Exception {
    HttpResponse<String> one = server.get("/ui/cr?kind=Model&name=yolo-v5-model");
    assertThat(one.statusCode()).isEqualTo(303);
    assertThat(one.headers().firstValue("Location")).hasValue("/ui/cr/Model/fl/yolo-v5-model");
    HttpResponse<String> many = server.get("/ui/cr?kind=Model&name=yolo");
    assertThat(many.statusCode()).isEqualTo(200);
    assertThat(many.body()).contains("2 objects").contains(">yolo-v5-model</a>").contains(">yolo-v5-model-old</a>")
        .contains("<option value=\"Model\" selected>Model</option>")
        .contains("<option value=\"JointInferenceService\">JointInferenceService</option>");
    String any = server.get("/ui/cr?name=SCRIPT").body();
    assertThat(any).contains("1 object").contains("href=\"/ui/cr/JointInferenceService/demo/%3Cscript%3Ealert%281%29%3C%2Fscript%3E\"")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
    assertThat(server.get("/ui/cr").body()).contains("Pick a kind, type a name, or both.");
  }

  @Test
  void xssNameIsEscapedOnItsObjectPage() throws Exception {
    HttpResponse<String> r = server.get("/ui/cr/JointInferenceService/demo/%3Cscript%3Ealert%281%29%3C%2Fscript%3E");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
  }

  @Test
  void unknownKindListsKindsAndUnknownNameSuggests() throws Exception {
    HttpResponse<String> kind = server.get("/ui/cr/Gadget/demo/helmet-il");
    assertThat(kind.statusCode()).isEqualTo(404);
    assertThat(kind.body()).contains("no kind Gadget; known kinds: JointInferenceService, IncrementalLearningJob")
        .contains("Model, Dataset");
    HttpResponse<String> name = server.get("/ui/cr/IncrementalLearningJob/demo/helmet");
    assertThat(name.statusCode()).isEqualTo(404);
    assertThat(name.body()).contains("no IncrementalLearningJob helmet in namespace demo")
        .contains("<h2>Did you mean</h2>").contains(">helmet-il</a>");
    assertThat(server.get("/ui/cr/Model/fl").statusCode()).isEqualTo(404);
    assertThat(server.get("/ui/crazy").statusCode()).isEqualTo(404);
    assertThat(server.get("/ui/cr?kind=Gadget").body()).contains("known kinds:");
    // kinds are matched case-insensitively
    assertThat(server.get("/ui/cr/model/fl/yolo-v5-model").statusCode()).isEqualTo(200);
  }
}
