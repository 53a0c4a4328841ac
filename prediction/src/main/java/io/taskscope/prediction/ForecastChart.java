package io.taskscope.prediction;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A stored forecast drawn as a self-contained SVG (no script, no style sheet, no external reference): the last two days
 * of history as a grey line, the forecast as a blue line with its 80 % and 95 % intervals as translucent bands, a UTC
 * time axis and the y range. Gaps in the history (NaN) break the line. Every series is averaged down to at most
 * {@link #MAX_POINTS} points, so the answer stays small whatever the horizon and step. All text is XML-escaped and
 * characters XML cannot hold are replaced: a target id or model name cannot add markup.
 */
public final class ForecastChart {
  static final int WIDTH = 800;
  static final int HEIGHT = 300;
  static final Duration HISTORY_SHOWN = Duration.ofDays(2);
  static final int MAX_POINTS = 600;
  private static final int LEFT = 70;
  private static final int RIGHT = 16;
  private static final int TOP = 30;
  private static final int BOTTOM = 36;
  private static final int TIME_LABELS = 5;
  private static final int TITLE_CHARS = 110;
  private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private ForecastChart() {}

  public static String render(StoredForecast f) {
    return new Frame(f).draw();
  }

  /** Where everything goes: the shown window and the scales of both axes. */
  private static final class Frame {
    private final StoredForecast f;
    private final int from; // first history index shown
    private final long t0;
    private final long t1;
    private double yMin = Double.POSITIVE_INFINITY;
    private double yMax = Double.NEGATIVE_INFINITY;

    Frame(StoredForecast f) {
      this.f = f;
      long stepMs = Math.max(1, f.step().toMillis());
      int n = f.history().length;
      this.from = (int) Math.max(0, n - Math.max(1, HISTORY_SHOWN.toMillis() / stepMs));
      Instant start = from < n ? f.historyStart().plusMillis(from * stepMs) : f.forecastStart();
      Instant end = f.horizon() > 0 ? f.timeAt(f.horizon() - 1) : f.forecastStart();
      this.t0 = start.toEpochMilli();
      this.t1 = Math.max(end.toEpochMilli(), t0 + stepMs);
      range(f.history(), from);
      for (double[] s : new double[][] {f.point(), f.lower80(), f.upper80(), f.lower95(), f.upper95()}) {
        range(s, 0);
      }
      if (yMin > yMax) {
        yMin = 0;
        yMax = 1;
      } else if (yMin == yMax) {
        double pad = yMin == 0 ? 1 : Math.abs(yMin) * 0.1;
        yMin -= pad;
        yMax += pad;
      }
    }

    private void range(double[] s, int start) {
      for (int i = start; i < s.length; i++) {
        if (Double.isFinite(s[i])) {
          yMin = Math.min(yMin, s[i]);
          yMax = Math.max(yMax, s[i]);
        }
      }
    }

    double x(long epochMs) {
      return LEFT + (double) (epochMs - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT);
    }

    double y(double v) {
      return HEIGHT - BOTTOM - (v - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    String draw() {
      StringBuilder b = new StringBuilder(32 * 1024);
      String id = f.target().id();
      b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
          .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
          .append("\" role=\"img\" aria-labelledby=\"t d\" font-family=\"sans-serif\" font-size=\"11\">\n");
      b.append("<title id=\"t\">Forecast of ").append(xml(id)).append(" (model ").append(xml(f.model()))
          .append(")</title>\n");
      b.append("<desc id=\"d\">History of up to the last ").append(HISTORY_SHOWN.toHours())
          .append(" hours (grey line) and the forecast for the next ").append(f.horizon()).append(" steps of ")
          .append(f.step().toSeconds()).append(" s (blue line) with its 80 % and 95 % intervals (bands); times in UTC;")
          .append(" created ").append(f.createdAt()).append(".</desc>\n");
      b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
      b.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"13\">")
          .append(xml(shorten(id + " \u00b7 " + f.model()))).append("</text>\n");
      axes(b);
      long stepMs = Math.max(1, f.step().toMillis());
      long fStart = f.forecastStart().toEpochMilli();
      band(b, f.lower95(), f.upper95(), fStart, stepMs, "0.15");
      band(b, f.lower80(), f.upper80(), fStart, stepMs, "0.3");
      line(b, f.history(), from, f.historyStart().toEpochMilli(), stepMs, "#4b5563");
      line(b, f.point(), 0, fStart, stepMs, "#2563eb");
      return b.append("</svg>\n").toString();
    }

    private void axes(StringBuilder b) {
      int bottom = HEIGHT - BOTTOM;
      b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
          .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
          .append("\" fill=\"none\" stroke=\"#d1d5db\"/>\n");
      b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
          .append("\" text-anchor=\"end\">").append(xml(value(yMax))).append("</text>\n");
      b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(bottom)
          .append("\" text-anchor=\"end\">").append(xml(value(yMin))).append("</text>\n");
      for (int i = 0; i < TIME_LABELS; i++) {
        long t = t0 + (t1 - t0) * i / (TIME_LABELS - 1);
        double x = x(t);
        b.append("<line x1=\"");
        num(b, x);
        b.append("\" y1=\"").append(bottom).append("\" x2=\"");
        num(b, x);
        b.append("\" y2=\"").append(bottom + 4).append("\" stroke=\"#6b7280\"/>\n<text x=\"");
        num(b, x);
        String anchor = i == 0 ? "start" : i == TIME_LABELS - 1 ? "end" : "middle";
        b.append("\" y=\"").append(bottom + 16).append("\" text-anchor=\"").append(anchor).append("\">")
            .append(TICK.format(Instant.ofEpochMilli(t))).append("</text>\n");
      }
      b.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 4)
          .append("\" text-anchor=\"end\" fill=\"#6b7280\">UTC</text>\n");
      double now = x(f.forecastStart().toEpochMilli());
      b.append("<line x1=\"");
      num(b, now);
      b.append("\" y1=\"").append(TOP).append("\" x2=\"");
      num(b, now);
      b.append("\" y2=\"").append(bottom).append("\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>\n");
    }

    /** A polyline that starts a new sub-path after every gap. */
    private void line(StringBuilder b, double[] s, int start, long startMs, long stepMs, String colour) {
      Downsampled d = Downsampled.of(s, start, s.length - start);
      StringBuilder path = new StringBuilder(d.values.length * 14);
      boolean pen = false;
      for (int k = 0; k < d.values.length; k++) {
        if (!Double.isFinite(d.values[k])) {
          pen = false;
          continue;
        }
        path.append(pen ? " L" : path.isEmpty() ? "M" : " M");
        num(path, x(startMs + d.index(k) * stepMs));
        path.append(' ');
        num(path, y(d.values[k]));
        pen = true;
      }
      if (!path.isEmpty()) {
        b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n");
      }
    }

    /** One polygon per run of steps where both bounds are known: upper edge forward, lower edge back. */
    private void band(StringBuilder b, double[] lower, double[] upper, long startMs, long stepMs, String opacity) {
      int n = Math.min(lower.length, upper.length);
      Downsampled lo = Downsampled.of(lower, 0, n);
      Downsampled up = Downsampled.of(upper, 0, n);
      int k = 0;
      while (k < lo.values.length) {
        while (k < lo.values.length && !(Double.isFinite(lo.values[k]) && Double.isFinite(up.values[k]))) {
          k++;
        }
        int end = k;
        while (end < lo.values.length && Double.isFinite(lo.values[end]) && Double.isFinite(up.values[end])) {
          end++;
        }
        if (end - k >= 2) {
          b.append("<polygon points=\"");
          for (int i = k; i < end; i++) {
            point(b, startMs + lo.index(i) * stepMs, up.values[i]);
          }
          for (int i = end - 1; i >= k; i--) {
            point(b, startMs + lo.index(i) * stepMs, lo.values[i]);
          }
          b.setLength(b.length() - 1);
          b.append("\" fill=\"#2563eb\" fill-opacity=\"").append(opacity).append("\" stroke=\"none\"/>\n");
        }
        k = end;
      }
    }

    private void point(StringBuilder b, long t, double v) {
      num(b, x(t));
      b.append(',');
      num(b, y(v));
      b.append(' ');
    }
  }

  /** A series averaged in buckets of equal size (gaps ignored; an all-gap bucket stays a gap). */
  record Downsampled(double[] values, int offset, int bucket) {
    static Downsampled of(double[] s, int start, int count) {
      int bucket = Math.max(1, (count + MAX_POINTS - 1) / MAX_POINTS);
      double[] out = new double[(count + bucket - 1) / bucket];
      for (int k = 0; k < out.length; k++) {
        double sum = 0;
        int n = 0;
        for (int i = start + k * bucket; i < Math.min(start + count, start + (k + 1) * bucket); i++) {
          if (Double.isFinite(s[i])) {
            sum += s[i];
            n++;
          }
        }
        out[k] = n == 0 ? Double.NaN : sum / n;
      }
      return new Downsampled(out, start, bucket);
    }

    /** The series index the bucket {@code k} is drawn at (its first). */
    long index(int k) {
      return offset + (long) k * bucket;
    }
  }

  /** One decimal, without String.format (a chart has thousands of coordinates). */
  static void num(StringBuilder b, double v) {
    long tenths = Math.round(v * 10);
    if (tenths < 0) {
      b.append('-');
      tenths = -tenths;
    }
    b.append(tenths / 10);
    if (tenths % 10 != 0) {
      b.append('.').append(tenths % 10);
    }
  }

  private static String value(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String shorten(String s) {
    if (s.length() <= TITLE_CHARS) {
      return s;
    }
    int cut = Character.isHighSurrogate(s.charAt(TITLE_CHARS - 2)) ? TITLE_CHARS - 2 : TITLE_CHARS - 1;
    return s.substring(0, cut) + "\u2026";
  }

  /** Escapes markup and replaces what XML 1.0 cannot hold (control characters, lone surrogates) with U+FFFD. */
  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
          b.appendCodePoint(ok ? c : 0xFFFD);
        }
      }
    }
    return b.toString();
  }
}
