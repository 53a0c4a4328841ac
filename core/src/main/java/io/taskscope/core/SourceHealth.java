package io.taskscope.core;

/**
 * Names shared by every source's health series. client_java accepts several collectors under one metric name only
 * when their help is equal, so the kube watcher, the KB reader and later sources all take the help from here.
 */
public final class SourceHealth {
  public static final String UP = "taskscope_source_up";
  public static final String UP_HELP =
      "1 while a source (a watched Kubernetes resource, the KB database, ...) is readable, 0 while it is not.";

  private SourceHealth() {}
}
