package org.infokernels.cli.timeseries;

import java.util.List;
import org.infokernels.core.Matrix;
import org.infokernels.io.Inputs;
import org.infokernels.timeseries.Series;

/** A time-series input: {@code --NAME PATH} with {@code --NAME-cols COLS}; a 3-D npy holds trials. */
final class SeriesInput {
  static final String HELP = "an npy file (1-D or 2-D: time steps x columns; 3-D: trials x time steps x columns, "
      + "each trial embedded on its own and the observations pooled) or a text table (rows are time steps)";

  private SeriesInput() {}

  /** the series at path (null: none), its columns cols, named after the option */
  static Series load(String path, String cols, String option) {
    if (path == null) {
      return null;
    }
    List<Matrix> trials = Inputs.loadTrials(path, cols, option);
    return trials.size() == 1 ? Series.of(trials.get(0)) : Series.ofTrials(path, trials);
  }
}
