package org.infokernels.pairwise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.infokernels.core.Unit;

/**
 * The immutable result of a {@link DependenceMatrix} run: a rows × columns matrix of one
 * measure, with permutation p-values, Benjamini–Hochberg q-values over all computed pairs and the
 * significant pairs when a test ran. Values are kept in nats (or dimensionless) and converted with
 * {@link #valueIn}. An entry that was not computed (the diagonal of an X-only matrix, or a pair a
 * cancelled run did not reach) is empty.
 *
 * <p>For a symmetric measure on X alone the unordered pair {i, j} is computed once, as (X = xᵢ,
 * Y = xⱼ) with i &lt; j, and shown at [i][j] and at [j][i] ({@link #mirrored()}); {@link #entries()}
 * lists it once. A directed measure (transfer entropy) computes every ordered pair, source = row.
 */
public final class PairwiseResult {
  /**
   * One computed pair.
   *
   * @param row     the row index
   * @param col     the column index
   * @param rowName the row variable's name
   * @param colName the column variable's name
   * @param value   the estimate in nats (or dimensionless)
   * @param pValue  the permutation p-value, NaN without a test
   * @param qValue  the Benjamini–Hochberg q-value over all computed pairs, NaN without a test
   */
  public record Entry(int row, int col, String rowName, String colName, double value, double pValue, double qValue) {}

  private final String of;
  private final List<String> rowNames;
  private final List<String> colNames;
  private final boolean mirrored;
  private final boolean dimensionless;
  private final List<Entry> entries;
  private final Entry[] grid;
  private final int n;
  private final int totalPairs;
  private final int permutations;
  private final double fdr;
  private final String backend;
  private final Map<String, String> stages;
  private final double seconds;
  private final boolean complete;

  PairwiseResult(String of, List<String> rowNames, List<String> colNames, boolean mirrored, boolean dimensionless,
                 List<Entry> entries, int n, int totalPairs, int permutations, double fdr, String backend,
                 Map<String, String> stages, double seconds, boolean complete) {
    this.of = of;
    this.rowNames = List.copyOf(rowNames);
    this.colNames = List.copyOf(colNames);
    this.mirrored = mirrored;
    this.dimensionless = dimensionless;
    this.entries = List.copyOf(entries);
    this.grid = new Entry[rowNames.size() * colNames.size()];
    for (Entry e : entries) {
      grid[e.row() * colNames.size() + e.col()] = e;
      if (mirrored) {
        grid[e.col() * colNames.size() + e.row()] = e;
      }
    }
    this.n = n;
    this.totalPairs = totalPairs;
    this.permutations = permutations;
    this.fdr = fdr;
    this.backend = backend;
    this.stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    this.seconds = seconds;
    this.complete = complete;
  }

  /**
   * A result assembled from pairs computed elsewhere, e.g. by Spark tasks that each run {@link DependenceMatrix}
   * on a block of variables (the {@code infokernels-spark} module): the same object {@link DependenceMatrix}
   * returns for the same entries. The q-values must be the Benjamini–Hochberg q-values over the p-values of all
   * entries, q₍ᵢ₎ = min_{j≥i} min(1, m·p₍ⱼ₎/j) ({@link BenjaminiHochberg#qValues}; Benjamini &amp; Hochberg,
   * J. R. Statist. Soc. B 57(1), 1995), as {@link DependenceMatrix} computes them; this factory does not
   * recompute them.
   *
   * @param of            the measure's name ({@link PairMeasure#name()})
   * @param rowNames      the row variables' names
   * @param colNames      the column variables' names
   * @param mirrored      whether an entry (i, j) also stands at (j, i) (a symmetric measure on X alone)
   * @param dimensionless whether the values are dimensionless (HSIC, CKA, dCor) rather than nats
   * @param entries       the computed pairs, each (row, col) once, in any order
   * @param n             the samples per variable
   * @param totalPairs    the pairs of the full run (entries.size() when complete)
   * @param permutations  permutations of each pair's test (0: no p-values)
   * @param fdr           the false discovery rate of {@link #significant}, in (0, 1)
   * @param backend       the backend that computed the pairs
   * @param stages        where each stage ran (may be empty)
   * @param seconds       the wall time to report
   * @param complete      whether every pair was computed
   * @return the result
   * @throws org.infokernels.core.InvalidInputException for an entry outside the matrix or given twice, or an fdr
   *         outside (0, 1)
   */
  public static PairwiseResult of(String of, List<String> rowNames, List<String> colNames, boolean mirrored,
                                  boolean dimensionless, List<Entry> entries, int n, int totalPairs, int permutations,
                                  double fdr, String backend, Map<String, String> stages, double seconds,
                                  boolean complete) {
    if (!(fdr > 0 && fdr < 1)) {
      throw new org.infokernels.core.InvalidInputException("fdr = " + fdr + " must lie strictly between 0 and 1");
    }
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (e.row() < 0 || e.row() >= rowNames.size() || e.col() < 0 || e.col() >= colNames.size()
          || !seen.add((long) e.row() * colNames.size() + e.col())) {
        throw new org.infokernels.core.InvalidInputException("entry (" + e.row() + ", " + e.col() + ") is outside the "
            + rowNames.size() + " x " + colNames.size() + " matrix or given twice");
      }
    }
    return new PairwiseResult(of, rowNames, colNames, mirrored, dimensionless, entries, n, totalPairs, permutations,
        fdr, backend, stages, seconds, complete);
  }

  /** the measure of the entries ({@code "hsic"}, ...) */
  public String of() {
    return of;
  }

  /** the row variables' names */
  public List<String> rowNames() {
    return rowNames;
  }

  /** the column variables' names */
  public List<String> colNames() {
    return colNames;
  }

  /** the number of rows */
  public int rows() {
    return rowNames.size();
  }

  /** the number of columns */
  public int cols() {
    return colNames.size();
  }

  /** true when [j][i] shows the unordered pair computed at [i][j] (a symmetric measure on X alone) */
  public boolean mirrored() {
    return mirrored;
  }

  /** true for a dimensionless measure (HSIC, CKA): {@link #valueIn} ignores the unit */
  public boolean dimensionless() {
    return dimensionless;
  }

  private Entry at(int r, int c) {
    if (r < 0 || r >= rows() || c < 0 || c >= cols()) {
      throw new IndexOutOfBoundsException("(" + r + ", " + c + ") is outside " + rows() + " x " + cols());
    }
    return grid[r * cols() + c];
  }

  /** the entry at row r, column c in nats (or dimensionless), empty where no pair was computed */
  public OptionalDouble value(int r, int c) {
    Entry e = at(r, c);
    return e == null ? OptionalDouble.empty() : OptionalDouble.of(e.value());
  }

  /** the entry at (r, c) in {@code unit}, NaN where no pair was computed */
  public double valueIn(int r, int c, Unit unit) {
    Entry e = at(r, c);
    if (e == null) {
      return Double.NaN;
    }
    return dimensionless ? e.value() : unit.fromNats(e.value());
  }

  /** the p-value at (r, c), empty where no pair was computed or no test ran */
  public OptionalDouble pValue(int r, int c) {
    Entry e = at(r, c);
    return e == null || Double.isNaN(e.pValue()) ? OptionalDouble.empty() : OptionalDouble.of(e.pValue());
  }

  /** the Benjamini–Hochberg q-value at (r, c), empty where no pair was computed or no test ran */
  public OptionalDouble qValue(int r, int c) {
    Entry e = at(r, c);
    return e == null || Double.isNaN(e.qValue()) ? OptionalDouble.empty() : OptionalDouble.of(e.qValue());
  }

  /** true when a test ran and the q-value at (r, c) is at most {@link #fdr()} */
  public boolean significant(int r, int c) {
    Entry e = at(r, c);
    return e != null && e.qValue() <= fdr;
  }

  /** the computed pairs in row-major order (each unordered pair once) */
  public List<Entry> entries() {
    return entries;
  }

  /** the computed pairs whose q-value is at most {@link #fdr()} (empty without a test) */
  public List<Entry> significantEntries() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.qValue() <= fdr) {
        out.add(e);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** true when permutation p-values were computed */
  public boolean tested() {
    return permutations > 0;
  }

  /** the permutations of each pair's test (0 = no test) */
  public int permutations() {
    return permutations;
  }

  /** the false discovery rate the significant pairs are controlled at */
  public double fdr() {
    return fdr;
  }

  /** rows of the data (for transfer entropy: the pooled observations of each pair) */
  public int n() {
    return n;
  }

  /** the pairs computed */
  public int pairs() {
    return entries.size();
  }

  /** the pairs of the whole run (more than {@link #pairs()} when it was cancelled) */
  public int totalPairs() {
    return totalPairs;
  }

  /** false when the run was cancelled before every pair was computed */
  public boolean complete() {
    return complete;
  }

  /** the backend that ran ({@code "cpu"}, ...) */
  public String backend() {
    return backend;
  }

  /** the backend of each stage that ran elsewhere than {@link #backend()} (empty when none) */
  public Map<String, String> stages() {
    return stages;
  }

  /** wall-clock seconds of the run */
  public double seconds() {
    return seconds;
  }

  @Override
  public String toString() {
    return "pairwise " + of + ": " + rows() + " x " + cols() + ", " + pairs() + " of " + totalPairs + " pairs"
        + (tested() ? ", " + significantEntries().size() + " significant at FDR " + fdr : "") + " [backend " + backend
        + ", n = " + n + ", " + String.format(java.util.Locale.ROOT, "%.3f", seconds) + " s"
        + (complete ? "" : ", cancelled") + "]";
  }
}
