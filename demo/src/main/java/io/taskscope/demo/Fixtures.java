package io.taskscope.demo;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data files bundled in the jar under {@code io/taskscope/demo/fixtures/}: the Sedna CRDs ({@code crds/}) and the
 * hand-written Sedna objects ({@code objects/}); each folder lists its files in {@code index.txt}.
 */
public final class Fixtures {

  static final String ROOT = "/io/taskscope/demo/fixtures/";

  private Fixtures() {
  }

  /** File names in {@code crds/}. */
  public static List<String> crdFiles() {
    return index("crds");
  }

  /** File names in {@code objects/}. */
  public static List<String> objectFiles() {
    return index("objects");
  }

  /** Opens a bundled fixture, e.g. {@code open("objects/pod-gm.yaml")}. */
  public static InputStream open(String relativePath) {
    InputStream in = Fixtures.class.getResourceAsStream(ROOT + relativePath);
    if (in == null) {
      throw new IllegalStateException("missing demo fixture " + ROOT + relativePath);
    }
    return in;
  }

  static List<String> index(String folder) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(folder + "/index.txt"),
        StandardCharsets.UTF_8))) {
      return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> folder + "/" + l).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one CRD file (as an untyped resource: cheaper than the typed model of the 1.8 MB schemas). */
  static GenericKubernetesResource crd(KubernetesSerialization serialization, String path) {
    try (InputStream in = open(path)) {
      return serialization.unmarshal(in, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object of a (multi-document) object fixture: Pods typed, Sedna CRs untyped. */
  static List<HasMetadata> objects(KubernetesSerialization serialization, String path) {
    try (InputStream in = open(path)) {
      Object parsed = serialization.unmarshal(in);
      List<HasMetadata> out = new ArrayList<>();
      if (parsed instanceof KubernetesList list) {
        out.addAll(list.getItems());
      } else if (parsed instanceof List<?> list) {
        list.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).forEach(out::add);
      } else if (parsed instanceof HasMetadata h) {
        out.add(h);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
