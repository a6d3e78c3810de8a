package io.lakeml.score;

import java.util.List;
import java.util.Optional;

/**
 * Which models serve a run: the champion (production, its fallback, or the version asked for), and
 * optionally a challenger with its share of rows.
 *
 * @param fallback whether the champion is a fallback for an unhealthy production version
 * @param notes what the model choice found, for the run's summary (health checks, fallbacks)
 */
record ServingPlan(ServedModel champion, boolean fallback, Optional<ServedModel> challenger,
    int challengerPercent, List<String> notes) {
  static final String CHAMPION = "champion";
  static final String CHALLENGER = "challenger";
}
