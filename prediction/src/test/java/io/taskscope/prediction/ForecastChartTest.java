package io.taskscope.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

class ForecastChartTest {
  /** Parses with the JDK's parser, DTDs and external entities off: a chart needs neither. */
  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setExpandEntityReferences(false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static StoredForecast forecast(String id, String model) {
    return FakeForecasts.forecast(id, "cpu_usage", model, Duration.ofMinutes(30), 200, 48);
  }

  /** No script element, no event-handler attribute, no reference to anything outside the document. */
  static void assertInert(Document d) {
    NodeList all = d.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      assertThat(e.getLocalName()).isNotIn("script", "img", "foreignObject", "image", "use", "a", "style");
      NamedNodeMap attrs = e.getAttributes();
      for (int j = 0; j < attrs.getLength(); j++) {
        String name = attrs.item(j).getNodeName();
        assertThat(name).doesNotStartWith("on").isNotEqualTo("href").isNotEqualTo("xlink:href");
      }
    }
  }

  @Test
  void hostileIdAndModelStayText() throws Exception {
    String id = "c/ns/Deployment/<script>alert(1)</script>/\"><img src=x onerror=alert(1)>";
    String model = "ets'\"><script>x</script>&amp;\u0001\ud800";
    String svg = ForecastChart.render(forecast(id, model));
    Document d = parse(svg);
    assertInert(d);
    assertThat(d.getElementsByTagName("script").getLength()).isZero();
    String title = d.getElementsByTagName("title").item(0).getTextContent();
    assertThat(title).contains("<script>alert(1)</script>").contains("onerror=alert(1)>").contains("&amp;")
        .contains("\ufffd");
    assertThat(d.getElementsByTagName("desc").getLength()).isEqualTo(1);
  }

  @Test
  void fixedSizeWithViewBoxAndUtcLabels() throws Exception {
    Document d = parse(ForecastChart.render(forecast("c/ns/Deployment/web/cpu_usage", "ets")));
    Element svg = d.getDocumentElement();
    assertThat(svg.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(svg.getAttribute("width")).isEqualTo("800");
    assertThat(svg.getAttribute("height")).isEqualTo("300");
    assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 800 300");
    List<String> texts = texts(d);
    assertThat(texts).contains("UTC", "c/ns/Deployment/web/cpu_usage \u00b7 ets", "11-29 00:00", "12-01 23:30");
    // y labels: the extremes of what is drawn (history down to 5, the last upper 95 % bound 57 + 2)
    assertThat(texts).contains("59.00", "5.000");
    assertThat(d.getElementsByTagName("polygon").getLength()).isEqualTo(2); // the 95 % and 80 % bands
    assertThat(d.getElementsByTagName("path").getLength()).isEqualTo(2); // history and forecast
  }

  @Test
  void gapsBreakTheHistoryLine() throws Exception {
    StoredForecast f = forecast("c/ns/Deployment/web/cpu_usage", "ets");
    for (int i = 180; i < 185; i++) {
      f.history()[i] = Double.NaN;
    }
    Document d = parse(ForecastChart.render(f));
    String history = ((Element) d.getElementsByTagName("path").item(0)).getAttribute("d");
    assertThat(count(history, "M")).isEqualTo(2);
    assertThat(history).doesNotContain("NaN");
  }

  @Test
  void longSeriesAreDownsampled() throws Exception {
    StoredForecast f = FakeForecasts.forecast("c/ns/Deployment/web/cpu_usage", "cpu_usage", "ets",
        Duration.ofSeconds(15), 50_000, 20_000);
    String svg = ForecastChart.render(f);
    Document d = parse(svg);
    NodeList paths = d.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      String p = ((Element) paths.item(i)).getAttribute("d");
      assertThat(count(p, "L") + count(p, "M")).isLessThanOrEqualTo(ForecastChart.MAX_POINTS);
    }
    assertThat(svg.length()).isLessThan(200_000);
  }

  @Test
  void emptyAndFlatSeriesStillDraw() throws Exception {
    StoredForecast empty = FakeForecasts.forecast("c/ns/Deployment/web/cpu_usage", "cpu_usage", "fallback",
        Duration.ofHours(1), 0, 0);
    assertInert(parse(ForecastChart.render(empty)));
    StoredForecast flat = FakeForecasts.forecast("c/ns/Deployment/web/cpu_usage", "cpu_usage", "naive",
        Duration.ofHours(1), 3, 1);
    java.util.Arrays.fill(flat.history(), Double.NaN);
    flat.point()[0] = Double.NaN;
    String svg = ForecastChart.render(flat);
    assertInert(parse(svg));
    assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
  }

  @Test
  void escapingReplacesWhatXmlCannotHold() {
    assertThat(ForecastChart.xml("a<b>&\"'\u0000\t\ud83d\ude00\udc00"))
        .isEqualTo("a&lt;b&gt;&amp;&quot;&#39;\ufffd\t\ud83d\ude00\ufffd");
  }

  static List<String> texts(Document d) {
    NodeList t = d.getElementsByTagName("text");
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < t.getLength(); i++) {
      out.add(t.item(i).getTextContent());
    }
    return out;
  }

  static int count(String s, String command) {
    Matcher m = Pattern.compile(command + "\\d").matcher(s.replace(command + "-", command + "0"));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
