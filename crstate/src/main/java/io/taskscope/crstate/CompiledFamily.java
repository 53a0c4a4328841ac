package io.taskscope.crstate;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.MetricType;
import io.taskscope.core.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One metric of a resource, compiled: name, base labels and the type-specific value extraction. */
final class CompiledFamily {
  static final String GROUP_LABEL = "customresource_group";
  static final String VERSION_LABEL = "customresource_version";
  static final String KIND_LABEL = "customresource_kind";

  /** Samples one metric may produce for one object; the rest are dropped and reported. */
  static final int MAX_SAMPLES = 10_000;

  record EachValue(Map<String, String> labels, double value) {}

  /** Errors of one {@code values} call, in the wording kube-state-metrics logs. */
  static final class Errors {
    final List<String> list = new ArrayList<>(0);

    void add(String s) {
      list.add(s);
    }
  }

  interface Each {
    ValuePath path();

    MetricType type();

    List<EachValue> values(Object v, RenderContext ctx, Errors errs);
  }

  final FamilyHeader header;
  final Map<String, String> commonLabels;
  /** Reserved labels that a metric's own commonLabels set, and so are not replaced by the object's GVK. */
  final boolean[] reservedFixed;
  final LabelPaths labelsFromPath;
  final Each each;

  CompiledFamily(
      FamilyHeader header, Map<String, String> commonLabels, boolean[] reservedFixed, LabelPaths labelsFromPath,
      Each each) {
    this.header = header;
    this.commonLabels = Map.copyOf(commonLabels);
    this.reservedFixed = reservedFixed.clone();
    this.labelsFromPath = labelsFromPath;
    this.each = each;
  }

  List<Sample> render(Map<String, Object> obj, String[] gvk, String resource, RenderErrors sink) {
    RenderContext ctx = new RenderContext();
    List<EachValue> values;
    Errors errs = new Errors();
    Map<String, String> base = new HashMap<>(commonLabels);
    try {
      if (!reservedFixed[0]) {
        base.put(GROUP_LABEL, gvk[0]);
      }
      if (!reservedFixed[1]) {
        base.put(VERSION_LABEL, gvk[1]);
      }
      if (!reservedFixed[2]) {
        base.put(KIND_LABEL, gvk[2]);
      }
      labelsFromPath.addTo(obj, base, ctx);
      Object v = each.path().get(obj, ctx);
      values = each.values(v, ctx, errs);
    } catch (RuntimeException | StackOverflowError e) {
      sink.error(resource, header.name(), "internal error: " + e);
      return List.of();
    }
    if (ctx.failure != null) {
      sink.error(resource, header.name(), ctx.failure);
      return List.of();
    }
    for (String e : errs.list) {
      sink.error(resource, header.name(), e);
    }
    if (values.isEmpty()) {
      return List.of();
    }
    values.sort((a, b) -> compareLabels(a.labels, b.labels));
    int n = values.size();
    if (n > MAX_SAMPLES) {
      sink.error(resource, header.name(),
          n + " samples exceed the cap of " + MAX_SAMPLES + " per metric and object; " + (n - MAX_SAMPLES) + " dropped");
      n = MAX_SAMPLES;
    }
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EachValue ev = values.get(i);
      if (!Double.isFinite(ev.value)) {
        // written as kube-state-metrics writes it (NaN, +Inf, -Inf), but counted
        sink.error(resource, header.name(), "non-finite value " + GoValues.formatFloat(ev.value));
      }
      Map<String, String> labels = ev.labels;
      for (Map.Entry<String, String> d : base.entrySet()) {
        labels.putIfAbsent(d.getKey(), d.getValue());
      }
      String[] keys = labels.keySet().toArray(new String[0]);
      Arrays.sort(keys, GoValues::compareStrings);
      String[] vals = new String[keys.length];
      for (int k = 0; k < keys.length; k++) {
        vals[k] = labels.get(keys[k]);
      }
      out.add(new Sample(header.name(), keys, vals, ev.value));
    }
    return out;
  }

  /** kube-state-metrics' compareLabels: sorted keys pairwise (key, then value), then the number of labels. */
  static int compareLabels(Map<String, String> a, Map<String, String> b) {
    String[] ak = a.keySet().toArray(new String[0]);
    String[] bk = b.keySet().toArray(new String[0]);
    Arrays.sort(ak, GoValues::compareStrings);
    Arrays.sort(bk, GoValues::compareStrings);
    for (int i = 0; i < Math.min(ak.length, bk.length); i++) {
      int c = GoValues.compareStrings(ak[i], bk[i]);
      if (c != 0) {
        return c;
      }
      c = GoValues.compareStrings(a.get(ak[i]), b.get(bk[i]));
      if (c != 0) {
        return c;
      }
    }
    return ak.length - bk.length;
  }

  // -------------------------------------------------------------------------------------------------------------

  record Gauge(ValuePath path, LabelPaths labels, String labelFromKey, ValuePath valueFrom, boolean nilIsZero)
      implements Each {
    @Override
    public MetricType type() {
      return MetricType.GAUGE;
    }

    @Override
    public List<EachValue> values(Object v, RenderContext ctx, Errors errs) {
      List<EachValue> result = new ArrayList<>();
      String p = path.toString();
      if (v instanceof Map<?, ?> map) {
        List<String> vf = valueFrom.parts();
        String directKey = vf.size() == 1 && !vf.get(0).isEmpty() && !vf.get(0).contains(",") ? vf.get(0) : null;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          Object it = e.getValue();
          EachValue ev;
          if (directKey != null && key.equals(directKey)) {
            try {
              ev = new EachValue(new HashMap<>(), GoValues.toFloat64(it, nilIsZero));
            } catch (GoValues.ConversionException ex) {
              errs.add(p + ": [" + key + "]: " + ex.getMessage());
              continue;
            }
          } else {
            try {
              ev = value(it, ctx);
            } catch (GoValues.ConversionException ex) {
              continue; // kube-state-metrics drops these silently
            }
            if (ev == null) {
              continue;
            }
          }
          if (!key.isEmpty() && !labelFromKey.isEmpty()) {
            ev.labels.put(labelFromKey, key);
          }
          labels.addTo(it, ev.labels, ctx);
          labels.addTo(v, ev.labels, ctx);
          result.add(ev);
        }
      } else if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          Object it = list.get(i);
          EachValue ev;
          try {
            ev = value(it, ctx);
          } catch (GoValues.ConversionException ex) {
            errs.add(p + ": [" + i + "]: " + ex.getMessage());
            continue;
          }
          if (ev == null) {
            continue;
          }
          labels.addTo(it, ev.labels, ctx);
          result.add(ev);
        }
      } else {
        EachValue ev;
        try {
          ev = value(v, ctx);
        } catch (GoValues.ConversionException ex) {
          errs.add(p + ": " + ex.getMessage());
          return result;
        }
        if (ev != null) {
          labels.addTo(v, ev.labels, ctx);
          result.add(ev);
        }
      }
      return result;
    }

    private EachValue value(Object it, RenderContext ctx) throws GoValues.ConversionException {
      Object got = valueFrom.get(it, ctx);
      if (got == null) {
        if (nilIsZero) {
          return new EachValue(new HashMap<>(), 0);
        }
        if (it == null) {
          throw new GoValues.ConversionException("got nil while resolving path");
        }
        return null;
      }
      try {
        return new EachValue(new HashMap<>(), GoValues.toFloat64(got, nilIsZero));
      } catch (GoValues.ConversionException e) {
        throw new GoValues.ConversionException(valueFrom + ": " + e.getMessage());
      }
    }
  }

  record Info(ValuePath path, LabelPaths labels, String labelFromKey) implements Each {
    @Override
    public MetricType type() {
      return MetricType.INFO;
    }

    @Override
    public List<EachValue> values(Object v, RenderContext ctx, Errors errs) {
      List<EachValue> result = new ArrayList<>();
      if (v instanceof List<?> list) {
        for (Object o : list) {
          one(o, ctx, result);
        }
      } else if (v instanceof Map<?, ?> map) {
        List<EachValue> whole = new ArrayList<>();
        one(v, ctx, whole);
        for (EachValue ev : whole) {
          if (ev.labels.containsKey(labelFromKey)) {
            errs.add(path + ": labelFromKey (" + labelFromKey
                + ") generated labels conflict with labelsFromPath, consider renaming it");
          }
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          Map<String, String> l = new HashMap<>();
          if (!key.isEmpty() && !labelFromKey.isEmpty()) {
            l.put(labelFromKey, key);
          }
          labels.addTo(e.getValue(), l, ctx);
          if (!l.isEmpty()) {
            result.add(new EachValue(l, 1));
          }
        }
        result.addAll(whole);
      } else {
        one(v, ctx, result);
      }
      return result;
    }

    private void one(Object v, RenderContext ctx, List<EachValue> out) {
      if (v == null) {
        return;
      }
      Map<String, String> l = new HashMap<>();
      labels.addTo(v, l, ctx);
      if (!l.isEmpty()) {
        out.add(new EachValue(l, 1));
      }
    }
  }

  record StateSet(ValuePath path, LabelPaths labels, String labelName, ValuePath valueFrom, List<String> list)
      implements Each {
    @Override
    public MetricType type() {
      return MetricType.STATESET;
    }

    @Override
    public List<EachValue> values(Object v, RenderContext ctx, Errors errs) {
      List<EachValue> result = new ArrayList<>();
      if (v instanceof List<?> items) {
        for (Object o : items) {
          one(o, ctx, errs, result);
        }
      } else {
        one(v, ctx, errs, result);
      }
      return result;
    }

    private void one(Object v, RenderContext ctx, Errors errs, List<EachValue> out) {
      Object comparable = valueFrom.get(v, ctx);
      if (comparable == null) {
        return;
      }
      if (!(comparable instanceof String value)) {
        ValuePath full = valueFrom.isEmpty() ? path : path.concat(valueFrom);
        errs.add(full + ": expected value for path to be string, got " + goType(comparable));
        return;
      }
      for (String entry : list) {
        Map<String, String> l = new HashMap<>();
        l.put(labelName, entry);
        labels.addTo(v, l, ctx);
        out.add(new EachValue(l, value.equals(entry) ? 1 : 0));
      }
    }

    private static String goType(Object o) {
      if (o instanceof Boolean) {
        return "bool";
      }
      if (o instanceof Map<?, ?>) {
        return "map[string]interface {}";
      }
      if (o instanceof List<?>) {
        return "[]interface {}";
      }
      if (o instanceof Integer || o instanceof Long || o instanceof java.math.BigInteger) {
        return "int64";
      }
      if (o instanceof Number) {
        return "float64";
      }
      return o.getClass().getSimpleName();
    }
  }
}
