package io.taskscope.kube;

import io.taskscope.core.FamilyHeader;
import io.taskscope.core.RenderedObject;
import java.util.List;
import java.util.Map;

/**
 * Families rendered in Java from custom resources that the CR-state config already watches, for facts the
 * kube-state-metrics config format cannot express (counting, scanning strings, picking the last matching list element).
 */
public interface CustomResourceFamilies {
  /** True for the API group and kind this renderer reads. */
  boolean handles(String group, String kind);

  /** Fixed family list, in the order of {@link RenderedObject}'s families. */
  List<FamilyHeader> headers();

  /** The object as a plain JSON-like map (as the CR-state engine sees it). */
  RenderedObject render(Map<String, Object> object);
}
