package io.lakeml.train;

import java.io.Serializable;

/** One partition's contribution to an averaging round: its parameters and updater state after fitting. */
record RoundResult(int partition, long examples, int batches, double lossSum, float[] params, float[] updaterState)
    implements Serializable {}
