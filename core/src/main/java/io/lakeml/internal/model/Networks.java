package io.lakeml.internal.model;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One network per executor thread and configuration, built once and reused across tasks, rounds
 * and batches (threads never share one: a network is not thread-safe).
 */
public final class Networks {
  private static final ThreadLocal<Map<String, MultiLayerNetwork>> NETS = ThreadLocal.withInitial(HashMap::new);

  private Networks() {}

  public static MultiLayerNetwork forThread(String confJson) {
    return NETS.get().computeIfAbsent(confJson, json -> {
      MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
      net.init();
      return net;
    });
  }
}
