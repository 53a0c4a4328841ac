package io.taskscope.kube;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.RenderedObject;
import java.util.List;
import java.util.function.Function;

/** Renders one typed Kubernetes object into the families of a fixed header list. */
public interface ObjectRenderer<T> {
  List<FamilyHeader> headers();

  RenderedObject render(T object);

  static <T> ObjectRenderer<T> of(List<FamilyHeader> headers, Function<T, RenderedObject> render) {
    List<FamilyHeader> fixed = List.copyOf(headers);
    return new ObjectRenderer<>() {
      @Override
      public List<FamilyHeader> headers() {
        return fixed;
      }

      @Override
      public RenderedObject render(T object) {
        return render.apply(object);
      }
    };
  }
}
