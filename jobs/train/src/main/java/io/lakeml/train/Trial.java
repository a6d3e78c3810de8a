package io.lakeml.train;

import java.io.Serializable;
import java.util.Map;

/**
 * One trial of a search: its index in the seeded sequence, the values it draws (by key of
 * {@code lakeml.train.network}) and the DL4J configuration they give, as JSON.
 */
record Trial(int index, Map<String, Object> values, String confJson, int batchSize, int epochs, int patience, long seed)
    implements Serializable {}
