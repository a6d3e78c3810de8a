package io.lakeml.model;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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

  /** This thread's network with the given parameters. */
  public static MultiLayerNetwork withParams(String confJson, float[] params) {
    MultiLayerNetwork net = forThread(confJson);
    net.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT));
    return net;
  }
}
