package io.lakeml.train;

import java.io.Serializable;
import java.util.Map;

/**
 * One trial of a search: its index in the seeded sequence, the values it draws (by key of
 * {@code lakeml.train.network}) and the DL4J configuration they give, as JSON; the rung of a
 * successive-halving search it is fitted for (0 in a random search) and the epochs it gets there.
 */
record Trial(int index, int rung, Map<String, Object> values, String confJson, int batchSize, int epochs, int patience,
    long seed) implements Serializable {

  /** The same trial at {@code rung}, fitted for {@code epochs} epochs (from scratch: the same seeds). */
  Trial atRung(int rung, int epochs) {
    return new Trial(index, rung, values, confJson, batchSize, epochs, patience, seed);
  }
}
