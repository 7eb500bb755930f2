package org.infokernels.io;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.infokernels.core.InvalidInputException;

/**
 * Coverage-guided fuzzing of every input parser (Jazzer's JUnit integration). A parser may return a
 * value or throw {@link InvalidInputException} (its one clean error path); any other exception,
 * an error or a hang is a finding. In a plain test run (CI, {@code mvn verify}) each target replays
 * its seed corpus under src/test/resources/org/infokernels/io/ReaderFuzzTestInputs/ plus every
 * regression input found so far (findings are written there by Jazzer and stay as regression tests).
 * {@code mvn verify} then fuzzes each target for its maxDuration (20 s) with {@code JAZZER_FUZZ=1}
 * (the surefire executions fuzz-* in java/pom.xml); {@code ci/fuzz.sh ROUNDS} fuzzes longer on
 * demand, the corpus growing in java/.cifuzz-corpus between rounds.
 */
class ReaderFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void npy(byte[] data) {
    try {
      NpyReader.NpyArray a = NpyReader.parse(data, "fuzz.npy");
      a.toDoubles();
    } catch (InvalidInputException expected) {
      // the clean error path
    }
  }

  @FuzzTest(maxDuration = "20s")
  void table(FuzzedDataProvider in) {
    TableReader.Separator sep = in.pickValue(TableReader.Separator.values());
    String text = in.consumeRemainingAsString();
    try {
      Table t = TableReader.parse(text, sep, "fuzz.txt");
      t.toMatrix(null, "fuzz.txt");
    } catch (InvalidInputException expected) {
      // the clean error path
    }
  }

  @FuzzTest(maxDuration = "20s")
  void pythonLiteral(FuzzedDataProvider in) {
    String s = in.consumeRemainingAsString();
    try {
      new PyLiteral(s).parseAll();
    } catch (IllegalArgumentException expected) {
      // the clean error path of the header parser (NpyReader turns it into an InvalidInputException)
    }
  }

  @FuzzTest(maxDuration = "20s")
  void columnSpec(FuzzedDataProvider in) {
    int columns = in.consumeInt(0, 1 << 20);
    String spec = in.consumeRemainingAsString();
    try {
      int[] cols = ColumnSpec.parse(spec, "--x-cols", columns, "fuzz");
      for (int c : cols) {
        if (c < 0 || c >= columns) {
          throw new AssertionError("column " + c + " outside 0.." + (columns - 1) + " from '" + spec + "'");
        }
      }
    } catch (InvalidInputException expected) {
      // the clean error path
    }
  }
}
