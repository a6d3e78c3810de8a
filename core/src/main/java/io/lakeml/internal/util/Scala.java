package io.lakeml.internal.util;

import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** The few Scala values Deequ's API needs from Java, built in one place. */
public final class Scala {
  private Scala() {}

  public static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  public static <T> scala.collection.immutable.List<T> list(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  public static <K, V> scala.collection.immutable.Map<K, V> map(Map<K, V> map) {
    return scala.collection.immutable.Map$.MODULE$.<K, V>empty().$plus$plus(JavaConverters.mapAsScalaMap(map));
  }

  public static <T> scala.collection.immutable.Set<T> set(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSet();
  }

  public static <T> Option<T> none() {
    return Option.empty();
  }

  public static <T> Option<T> some(T value) {
    return Option.apply(value);
  }

  /** A Deequ assertion on a double metric. */
  public static Function1<Object, Object> assertion(DoublePredicate p) {
    return v -> p.test(((Number) v).doubleValue());
  }
}
