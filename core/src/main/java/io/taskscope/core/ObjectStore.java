package io.taskscope.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Rendered families of many objects under one fixed list of family headers (one compiled resource config, or the pod
 * families). Writers call {@link #put} and {@link #remove} from informer callbacks; scrapes read concurrently.
 */
public final class ObjectStore implements MetricSource {
  private final List<FamilyHeader> headers;
  private final Map<String, RenderedObject> objects = new ConcurrentHashMap<>();

  public ObjectStore(List<FamilyHeader> headers) {
    this.headers = List.copyOf(headers);
  }

  public List<FamilyHeader> headers() {
    return headers;
  }

  /** Replaces what is stored under {@code key} (an object UID). */
  public void put(String key, RenderedObject object) {
    if (object.familyCount() != headers.size()) {
      throw new IllegalArgumentException(
          "object has " + object.familyCount() + " families, store has " + headers.size());
    }
    objects.put(key, object);
  }

  public void remove(String key) {
    objects.remove(key);
  }

  public void clear() {
    objects.clear();
  }

  public RenderedObject get(String key) {
    return objects.get(key);
  }

  public int size() {
    return objects.size();
  }

  /** A store without objects contributes no family, not even headers (kube-state-metrics' rule). */
  @Override
  public void collect(FamilySink sink) {
    if (objects.isEmpty()) {
      return;
    }
    Collection<RenderedObject> snapshot = objects.values();
    for (int i = 0; i < headers.size(); i++) {
      sink.family(headers.get(i), new Body(snapshot, i));
    }
  }

  private record Body(Collection<RenderedObject> objects, int index) implements FamilyBody {
    @Override
    public boolean isEmpty() {
      for (RenderedObject o : objects) {
        if (o.lines(index).length > 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void writeLines(OutputStream out) throws IOException {
      for (RenderedObject o : objects) {
        byte[] b = o.lines(index);
        if (b.length > 0) {
          out.write(b);
        }
      }
    }

    @Override
    public void forEachSample(Consumer<Sample> visitor) {
      for (RenderedObject o : objects) {
        o.samples(index).forEach(visitor);
      }
    }
  }
}
