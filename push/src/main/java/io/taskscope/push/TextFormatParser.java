package io.taskscope.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parser for the Prometheus text format 0.0.4 that accepts and rejects exactly what Pushgateway 1.5's parser (expfmt
 * {@code TextParser} of prometheus/common 0.37) does, with the same error messages ({@code text format parsing error in
 * line N: ...}). Summaries and histograms are assembled from their {@code _sum}/{@code _count}/{@code _bucket} lines when
 * a {@code # TYPE} line declared them first. Families without samples are dropped. Timestamps are kept (the store
 * rejects them). OpenMetrics bodies parse as far as this format allows them, as in Pushgateway ({@code # EOF} is a
 * comment).
 */
public final class TextFormatParser {
  /** Thrown for a syntax error; the message is Pushgateway's. */
  public static final class ParseException extends Exception {
    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int EOF = -1;

  private final byte[] in;
  private final int end;
  private int pos;
  private int line;
  private int cur; // current byte, or EOF
  private final TokenBuffer token = new TokenBuffer();

  private final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
  private FamilyBuilder mf;
  private MetricBuilder metric;
  private String labelName;
  private static final int LINEAR_LABELS = 16;
  private final java.util.HashSet<String> labelSet = new java.util.HashSet<>();
  /** The metric {@link #labelSet} holds the labels of (null: none). */
  private MetricBuilder labelSetOwner;
  private boolean labelKept;
  private TreeMap<String, String> sigLabels;
  private double currentQuantile = Double.NaN;
  private double currentBucket = Double.NaN;
  private boolean isSummaryCount;
  private boolean isSummarySum;
  private boolean isHistogramCount;
  private boolean isHistogramSum;
  private final Map<String, MetricBuilder> summaries = new HashMap<>();
  private final Map<String, MetricBuilder> histograms = new HashMap<>();

  private TextFormatParser(byte[] in, int off, int len) {
    this.in = in;
    this.pos = off;
    this.end = off + len;
  }

  public static List<PushedFamily> parse(byte[] body) throws ParseException {
    return parse(body, 0, body.length);
  }

  public static List<PushedFamily> parse(byte[] body, int off, int len) throws ParseException {
    List<PushedFamily> simple = SimpleTextBody.parse(body, off, len);
    return simple != null ? simple : parseGeneral(body, off, len);
  }

  /** The full state machine, without {@link SimpleTextBody}'s fast path. */
  static List<PushedFamily> parseGeneral(byte[] body, int off, int len) throws ParseException {
    TextFormatParser p = new TextFormatParser(body, off, len);
    p.run();
    List<PushedFamily> out = new ArrayList<>(p.families.size());
    for (FamilyBuilder f : p.families.values()) {
      if (f.metrics.isEmpty()) {
        continue;
      }
      List<PushedMetric> ms = new ArrayList<>(f.metrics.size());
      for (MetricBuilder b : f.metrics) {
        ms.add(b.build());
      }
      out.add(new PushedFamily(f.name, f.help, f.type == null ? PushType.UNTYPED : f.type, ms));
    }
    return out;
  }

  // ---- state machine; each state returns the next one, null to stop ----

  private interface State {
    State next() throws ParseException;
  }

  private void run() throws ParseException {
    State s = this::startOfLine;
    while (s != null) {
      s = s.next();
    }
  }

  private int read() {
    cur = pos < end ? in[pos++] & 0xff : EOF;
    return cur;
  }

  private ParseException error(String msg) {
    return new ParseException("text format parsing error in line " + line + ": " + msg);
  }

  private ParseException eof() {
    return error("unexpected end of input stream");
  }

  private static boolean blank(int b) {
    return b == ' ' || b == '\t';
  }

  private void skipBlankTab() {
    do {
      read();
    } while (blank(cur));
  }

  private void skipBlankTabIfCurrentBlankTab() {
    if (blank(cur)) {
      skipBlankTab();
    }
  }

  private State startOfLine() throws ParseException {
    line++;
    skipBlankTab();
    if (cur == EOF) {
      return null;
    }
    if (cur == '#') {
      return this::startComment;
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    return this::readingMetricName;
  }

  private State startComment() throws ParseException {
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    readTokenUntilWhitespace();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    String keyword = token.string();
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      while (cur != '\n') {
        if (read() == EOF) {
          throw eof();
        }
      }
      return this::startOfLine;
    }
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    readTokenAsMetricName();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    if (!blank(cur)) {
      throw error("invalid metric name in comment");
    }
    setOrCreateCurrentMF();
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    return keyword.equals("HELP") ? this::readingHelp : this::readingType;
  }

  private State readingMetricName() throws ParseException {
    readTokenAsMetricName();
    if (cur == EOF) {
      throw eof();
    }
    if (token.len == 0) {
      throw error("invalid metric name");
    }
    setOrCreateCurrentMF();
    if (mf.type == null) {
      mf.type = PushType.UNTYPED;
    }
    metric = new MetricBuilder();
    skipBlankTabIfCurrentBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    return this::readingLabels;
  }

  private State readingLabels() {
    if (mf.type == PushType.SUMMARY || mf.type == PushType.HISTOGRAM) {
      sigLabels = new TreeMap<>();
      sigLabels.put("__name__", mf.name);
      currentQuantile = Double.NaN;
      currentBucket = Double.NaN;
    }
    if (cur != '{') {
      return this::readingValue;
    }
    return this::startLabelName;
  }

  private State startLabelName() throws ParseException {
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == '}') {
      skipBlankTab();
      if (cur == EOF) {
        throw eof();
      }
      return this::readingValue;
    }
    readTokenAsLabelName();
    if (cur == EOF) {
      throw eof();
    }
    if (token.len == 0) {
      throw error("invalid label name for metric " + GoText.quote(mf.name));
    }
    labelName = token.string();
    if (labelName.equals("__name__")) {
      throw error("label name \"__name__\" is reserved");
    }
    labelKept = !(mf.type == PushType.SUMMARY && labelName.equals("quantile"))
        && !(mf.type == PushType.HISTOGRAM && labelName.equals("le"));
    if (labelKept) {
      metric.names.add(labelName);
      metric.values.add(null);
    }
    skipBlankTabIfCurrentBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur != '=') {
      throw error("expected '=' after label name, found " + GoText.quoteRune(cur));
    }
    if (labelKept && isDuplicateLabel()) {
      throw error("duplicate label names for metric " + GoText.quote(mf.name));
    }
    return this::startLabelValue;
  }

  /**
   * Whether the label just added to the current metric repeats an earlier one. A few labels are compared in a row; past
   * {@link #LINEAR_LABELS} a set takes over, so a line with 100,000 labels costs 100,000 steps, not their square.
   */
  private boolean isDuplicateLabel() {
    int n = metric.names.size() - 1;
    if (n < LINEAR_LABELS) {
      for (int i = 0; i < n; i++) {
        if (metric.names.get(i).equals(labelName)) {
          return true;
        }
      }
      return false;
    }
    if (labelSetOwner != metric) {
      labelSet.clear();
      labelSet.addAll(metric.names.subList(0, n));
      labelSetOwner = metric;
    }
    return !labelSet.add(labelName);
  }

  private State startLabelValue() throws ParseException {
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur != '"') {
      throw error("expected '\"' at start of label value, found " + GoText.quoteRune(cur));
    }
    readTokenAsLabelValue();
    String value = token.utf8();
    if (value == null) {
      throw error("invalid label value " + token.quoted());
    }
    if (labelKept) {
      metric.values.set(metric.values.size() - 1, value);
    }
    if (mf.type == PushType.SUMMARY) {
      if (labelName.equals("quantile")) {
        Double q = GoText.parseFloat(value);
        if (q == null) {
          throw error("expected float as value for 'quantile' label, got " + GoText.quote(value));
        }
        currentQuantile = q;
      } else {
        sigLabels.put(labelName, value);
      }
    }
    if (mf.type == PushType.HISTOGRAM) {
      if (labelName.equals("le")) {
        Double b = GoText.parseFloat(value);
        if (b == null) {
          throw error("expected float as value for 'le' label, got " + GoText.quote(value));
        }
        currentBucket = b;
      } else {
        sigLabels.put(labelName, value);
      }
    }
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    if (cur == ',') {
      return this::startLabelName;
    }
    if (cur == '}') {
      skipBlankTab();
      if (cur == EOF) {
        throw eof();
      }
      return this::readingValue;
    }
    throw error("unexpected end of label value " + GoText.quote(value));
  }

  private State readingValue() throws ParseException {
    if (mf.type == PushType.SUMMARY) {
      String sig = signature();
      MetricBuilder existing = summaries.get(sig);
      if (existing != null) {
        metric = existing;
      } else {
        summaries.put(sig, metric);
        mf.metrics.add(metric);
      }
    } else if (mf.type == PushType.HISTOGRAM) {
      String sig = signature();
      MetricBuilder existing = histograms.get(sig);
      if (existing != null) {
        metric = existing;
      } else {
        histograms.put(sig, metric);
        mf.metrics.add(metric);
      }
    } else {
      mf.metrics.add(metric);
    }
    readTokenUntilWhitespace();
    if (cur == EOF) {
      throw eof();
    }
    String tok = token.string();
    Double v = GoText.parseFloat(tok);
    if (v == null) {
      throw error("expected float as value, got " + token.quoted());
    }
    double value = v;
    switch (mf.type) {
      case COUNTER, GAUGE, UNTYPED -> {
        metric.kind = mf.type;
        metric.value = value;
      }
      case SUMMARY -> {
        metric.kind = PushType.SUMMARY;
        if (isSummaryCount) {
          metric.count = GoText.toUint64(value);
        } else if (isSummarySum) {
          metric.sum = value;
        } else if (!Double.isNaN(currentQuantile)) {
          metric.q.add(currentQuantile);
          metric.qv.add(value);
        }
      }
      case HISTOGRAM -> {
        metric.kind = PushType.HISTOGRAM;
        if (isHistogramCount) {
          metric.count = GoText.toUint64(value);
        } else if (isHistogramSum) {
          metric.sum = value;
        } else if (!Double.isNaN(currentBucket)) {
          metric.bounds.add(currentBucket);
          metric.cum.add(GoText.toUint64(value));
        }
      }
    }
    if (cur == '\n') {
      return this::startOfLine;
    }
    return this::startTimestamp;
  }

  private State startTimestamp() throws ParseException {
    skipBlankTab();
    if (cur == EOF) {
      throw eof();
    }
    readTokenUntilWhitespace();
    if (cur == EOF) {
      throw eof();
    }
    Long ts = GoText.parseInt(token.string());
    if (ts == null) {
      throw error("expected integer as timestamp, got " + token.quoted());
    }
    metric.timestampMs = ts;
    readTokenUntilNewline(false);
    if (cur == EOF) {
      throw eof();
    }
    if (token.len > 0) {
      throw error("spurious string after timestamp: " + token.quoted());
    }
    return this::startOfLine;
  }

  private State readingHelp() throws ParseException {
    if (mf.help != null) {
      throw error("second HELP line for metric name " + GoText.quote(mf.name));
    }
    readTokenUntilNewline(true);
    if (cur == EOF) {
      throw eof();
    }
    String help = token.utf8();
    mf.help = help != null ? help : new String(token.bytes, 0, token.len, StandardCharsets.UTF_8);
    return this::startOfLine;
  }

  private State readingType() throws ParseException {
    if (mf.type != null) {
      throw error("second TYPE line for metric name " + GoText.quote(mf.name) + ", or TYPE reported after samples");
    }
    readTokenUntilNewline(false);
    if (cur == EOF) {
      throw eof();
    }
    String word = token.string();
    PushType t = PushType.ofWord(word);
    if (t == null) {
      throw error("unknown metric type " + token.quoted());
    }
    mf.type = t;
    return this::startOfLine;
  }

  private String signature() {
    StringBuilder sb = new StringBuilder();
    sigLabels.forEach((k, v) -> sb.append(k).append('\u0000').append(v).append('\u0000'));
    return sb.toString();
  }

  // ---- tokens ----

  private void readTokenUntilWhitespace() {
    token.reset();
    while (cur != EOF && !blank(cur) && cur != '\n') {
      token.add(cur);
      read();
    }
  }

  private void readTokenUntilNewline(boolean escapes) throws ParseException {
    token.reset();
    boolean escaped = false;
    while (cur != EOF) {
      if (escapes && escaped) {
        switch (cur) {
          case '\\' -> token.add('\\');
          case 'n' -> token.add('\n');
          default -> throw error("invalid escape sequence '\\" + (char) cur + "'");
        }
        escaped = false;
      } else {
        if (cur == '\n') {
          return;
        }
        if (cur == '\\') {
          escaped = true;
        } else {
          token.add(cur);
        }
      }
      read();
    }
  }

  private void readTokenAsMetricName() {
    token.reset();
    if (!(GoText.labelStart(cur) || cur == ':')) {
      return;
    }
    do {
      token.add(cur);
      read();
    } while (cur != EOF && (GoText.labelCont(cur) || cur == ':'));
  }

  private void readTokenAsLabelName() {
    token.reset();
    if (!GoText.labelStart(cur)) {
      return;
    }
    do {
      token.add(cur);
      read();
    } while (cur != EOF && GoText.labelCont(cur));
  }

  private void readTokenAsLabelValue() throws ParseException {
    token.reset();
    boolean escaped = false;
    while (true) {
      if (read() == EOF) {
        throw eof();
      }
      if (escaped) {
        switch (cur) {
          case '"', '\\' -> token.add(cur);
          case 'n' -> token.add('\n');
          default -> throw error("invalid escape sequence '\\" + (char) cur + "'");
        }
        escaped = false;
        continue;
      }
      switch (cur) {
        case '"' -> {
          return;
        }
        case '\n' -> throw error("label value " + token.quoted() + " contains unescaped new-line");
        case '\\' -> escaped = true;
        default -> token.add(cur);
      }
    }
  }

  private void setOrCreateCurrentMF() {
    isSummaryCount = false;
    isSummarySum = false;
    isHistogramCount = false;
    isHistogramSum = false;
    String name = token.string();
    mf = families.get(name);
    if (mf != null) {
      return;
    }
    String summaryName = name;
    if (FamilyBuilder.isCount(name)) {
      summaryName = name.substring(0, name.length() - 6);
    } else if (FamilyBuilder.isSum(name)) {
      summaryName = name.substring(0, name.length() - 4);
    }
    mf = families.get(summaryName);
    if (mf != null && mf.type == PushType.SUMMARY) {
      isSummaryCount = FamilyBuilder.isCount(name);
      isSummarySum = FamilyBuilder.isSum(name);
      return;
    }
    String histogramName = summaryName;
    if (FamilyBuilder.isBucket(name)) {
      histogramName = name.substring(0, name.length() - 7);
    }
    mf = families.get(histogramName);
    if (mf != null && mf.type == PushType.HISTOGRAM) {
      isHistogramCount = FamilyBuilder.isCount(name);
      isHistogramSum = FamilyBuilder.isSum(name);
      return;
    }
    mf = new FamilyBuilder(name);
    families.put(name, mf);
  }
}
