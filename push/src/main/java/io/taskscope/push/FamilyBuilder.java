package io.taskscope.push;

import java.util.ArrayList;
import java.util.List;

/** A family as {@link TextFormatParser} reads it: name, HELP, TYPE and its metrics so far. */
final class FamilyBuilder {
  final String name;
  String help;
  PushType type;
  final List<MetricBuilder> metrics = new ArrayList<>();

  FamilyBuilder(String name) {
    this.name = name;
  }

  static boolean isCount(String n) {
    return n.length() > 6 && n.endsWith("_count");
  }

  static boolean isSum(String n) {
    return n.length() > 4 && n.endsWith("_sum");
  }

  static boolean isBucket(String n) {
    return n.length() > 7 && n.endsWith("_bucket");
  }
}
