package io.lakeml.api;

import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The dataset config of synthetic flights written to {@code flights.parquet} in a test's home,
 * trained on January 2001 to February 5 by a small network; each test adds its own settings.
 */
final class SyntheticDataset {
  private SyntheticDataset() {}

  /** A Lakeml over {@code home} with the dataset, {@code datasetExtra} inside it, {@code extra} after it. */
  static Lakeml lakeml(Path home, String datasetExtra, String extra, Map<String, String> sets) throws IOException {
    Path conf = home.resolve("synth.conf");
    Files.writeString(conf, """
        lakeml.dataset {
          name = synth
          source { path = "flights.parquet", format = parquet }
          event-time = date
          columns = [
            { name = date, type = timestamp, role = time }
            { name = delay, type = double, role = label }
            { name = distance, type = double }
            { name = origin, type = string }
            { name = destination, type = string }
          ]
          derived = [ { name = hour_of_day, expr = "hour(`date`)", type = int } ]
          label { name = label, expr = "`delay` > 15", kind = binary }
          features { numeric = [distance, hour_of_day], categorical = [origin, destination] }
          train { from = "2001-01-01", to = "2001-02-05" }
        """ + datasetExtra + """
        }
        lakeml.lakehouse.root = lakehouse
        """ + extra);
    Lakeml.Builder builder = Lakeml.builder().home(home).configFile(conf).spark(SparkTestSession.get());
    sets.forEach(builder::set);
    return builder.build();
  }
}
