package io.taskscope.ui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyword search over log lines. The keyword is plain text matched case-insensitively, never a pattern: people
 * paste stack-trace fragments such as {@code foo(} or {@code [ERROR]}, and a regex from a URL could make the server
 * spin ({@code (a+)+$}).
 */
final class LogSearch {
  static final int MAX_KEYWORD = 200;
  /** Characters of a line searched and shown; the rest is cut (a single log line can be megabytes). */
  static final int MAX_LINE = 10_000;

  private LogSearch() {}

  /** Index of the first case-insensitive occurrence of {@code keyword} in {@code line} at or after {@code from}. */
  static int indexOf(String line, String keyword, int from) {
    int n = keyword.length();
    for (int i = from; i + n <= line.length(); i++) {
      // regionMatches compares char by char, so indexes stay those of the original line (toLowerCase can change
      // a string's length, e.g. for 'İ')
      if (line.regionMatches(true, i, keyword, 0, n)) {
        return i;
      }
    }
    return -1;
  }

  static boolean matches(String line, String keyword) {
    return keyword.isEmpty() || indexOf(line, keyword, 0) >= 0;
  }

  /**
   * The line as HTML with every occurrence of {@code keyword} in {@code <mark>}: the raw line is cut at the matches
   * and each piece escaped on its own, so marking never touches an entity or tag.
   */
  static void highlight(Html h, String line, String keyword) {
    if (keyword.isEmpty()) {
      h.text(line);
      return;
    }
    int at = 0;
    int i;
    while ((i = indexOf(line, keyword, at)) >= 0) {
      h.text(line.substring(at, i)).raw("<mark>").text(line.substring(i, i + keyword.length())).raw("</mark>");
      at = i + keyword.length();
    }
    h.text(line.substring(at));
  }

  static String cut(String line) {
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " …";
  }

  /** Matching lines, newest first (input oldest first or any order with times). */
  static List<LogLine> newestFirst(List<LogLine> lines, String keyword, Instant before) {
    List<LogLine> out = new ArrayList<>();
    for (int i = lines.size() - 1; i >= 0; i--) {
      LogLine l = lines.get(i);
      if (before != null && (l.time() == null || !l.time().isBefore(before))) {
        continue;
      }
      if (matches(cut(l.text()), keyword)) {
        out.add(l);
      }
    }
    // stable: lines of the same time keep the source's order (reversed); lines without a time go last
    out.sort(java.util.Comparator.comparing(LogLine::time, java.util.Comparator.nullsLast(
        java.util.Comparator.reverseOrder())));
    return out;
  }

  /**
   * The first {@code size} lines, extended over lines sharing the last one's time so that a {@code before} cursor at
   * that time skips nothing on the next page.
   */
  static List<LogLine> page(List<LogLine> newestFirst, int size) {
    if (newestFirst.size() <= size) {
      return newestFirst;
    }
    int end = size;
    Instant last = newestFirst.get(size - 1).time();
    while (last != null && end < newestFirst.size() && last.equals(newestFirst.get(end).time())) {
      end++;
    }
    return newestFirst.subList(0, end);
  }

  /**
   * A bar chart of matches over time for the page's {@code data-chart}: about {@code buckets} bars between the
   * oldest and newest match, or null when fewer than one timed match.
   */
  static String chart(List<LogLine> matches, int buckets) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (LogLine l : matches) {
      if (l.time() != null) {
        min = Math.min(min, l.time().getEpochSecond());
        max = Math.max(max, l.time().getEpochSecond());
      }
    }
    if (min == Long.MAX_VALUE) {
      return null;
    }
    long width = Math.max(1, (max - min + buckets) / buckets);
    int n = (int) ((max - min) / width) + 1;
    long[] counts = new long[n];
    for (LogLine l : matches) {
      if (l.time() != null) {
        counts[(int) ((l.time().getEpochSecond() - min) / width)]++;
      }
    }
    StringBuilder x = new StringBuilder();
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < n; i++) {
      x.append(i == 0 ? "" : ",").append(min + i * width);
      v.append(i == 0 ? "" : ",").append(counts[i]);
    }
    return "{\"x\":[" + x + "],\"series\":[{\"label\":\"matching lines per " + width
        + " s\",\"color\":\"#0b5cad\",\"values\":[" + v + "],\"bars\":true}],\"height\":120}";
  }
}
