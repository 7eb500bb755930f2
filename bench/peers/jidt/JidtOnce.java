import infodynamics.measures.continuous.kraskov.TransferEntropyCalculatorKraskov;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whole-process peer of `infokernels transfer-entropy`: one JIDT TE (KSG 1, k = 3) of a two-column CSV. */
public class JidtOnce {
  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    int n = lines.size();
    double[] y = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      String[] p = lines.get(i).split(",");
      y[i] = Double.parseDouble(p[0]);
      x[i] = Double.parseDouble(p[1]);
    }
    TransferEntropyCalculatorKraskov c = new TransferEntropyCalculatorKraskov(1);
    c.setProperty("k", "3");
    c.setProperty("NORMALISE", "false");
    c.setProperty("NOISE_LEVEL_TO_ADD", "0");
    c.setProperty("NUM_THREADS", args.length > 2 ? args[2] : "2");
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    c.initialise(k, 1, 1, 1, 1);
    c.setObservations(y, x);
    System.out.println(c.computeAverageLocalOfObservations());
  }
}
