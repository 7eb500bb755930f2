package org.infokernels.cli.pairwise;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.infokernels.cli.common.Report;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Unit;
import org.infokernels.pairwise.PairwiseResult;

/**
 * The {@code --plot} heatmap of a dependence matrix: one square per entry, coloured on viridis
 * (or blue–white–red centred at 0 when the values change sign), grey where no pair was computed,
 * a dot on the pairs significant at the FDR, row and column labels, a colour bar and a title.
 * Plain Java imaging ({@link BufferedImage}, {@link ImageIO}), headless: no display is needed.
 */
final class HeatmapPlot {
  private HeatmapPlot() {}

  /** viridis at 0, 0.25, 0.5, 0.75, 1 (matplotlib's map, five anchors, linear between) */
  private static final int[][] VIRIDIS = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

  static void write(Path path, PairwiseResult r, Unit unit) {
    System.setProperty("java.awt.headless", "true");
    int rows = r.rows();
    int cols = r.cols();
    double[][] v = new double[rows][cols];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        v[i][j] = r.valueIn(i, j, unit);
        if (!Double.isNaN(v[i][j])) {
          lo = Math.min(lo, v[i][j]);
          hi = Math.max(hi, v[i][j]);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    }
    // blue-white-red only when the negative values matter (unbiased HSIC, say); the small negative
    // values of a bias (KSG MI near 0) stay on the sequential map
    boolean diverging = lo < 0 && hi > 0 && -lo >= 0.2 * hi;
    if (diverging) {
      double m = Math.max(-lo, hi);
      lo = -m;
      hi = m;
    } else if (lo == hi) {
      hi = lo + (lo == 0 ? 1 : Math.abs(lo) * 1e-6);
    }
    int cell = Math.max(4, Math.min(48, 720 / Math.max(rows, cols)));
    int fontSize = Math.max(8, Math.min(14, cell - 2));
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    int labelRow = 0;
    int labelCol = 0;
    int step = Math.max(1, (fontSize + 2 + cell - 1) / cell);
    FontMetrics fm;
    try {
      pg.setFont(font);
      fm = pg.getFontMetrics();
      for (String s : r.rowNames()) {
        labelRow = Math.max(labelRow, fm.stringWidth(shorten(s)));
      }
      for (String s : r.colNames()) {
        labelCol = Math.max(labelCol, fm.stringWidth(shorten(s)));
      }
    } finally {
      pg.dispose();
    }
    int pad = 12;
    int title = fontSize + 16;
    int left = pad + labelRow + 6;
    int top = pad + title + labelCol + 6;
    int bar = 18;
    int barLabel = fm.stringWidth("-0.0000e-00") + 8;
    String t = r.of() + (r.dimensionless() ? "" : " (" + unit.label() + ")") + ", n = " + r.n()
        + (r.tested() ? ", dots: q \u2264 " + trim(r.fdr()) : "")
        + (r.of().equals("transfer-entropy") ? ", row \u2192 column" : "");
    Font titleFont = font.deriveFont(Font.BOLD, fontSize + 2f);
    int titleWidth;
    Graphics2D tg = probe.createGraphics();
    try {
      tg.setFont(titleFont);
      titleWidth = tg.getFontMetrics().stringWidth(t);
    } finally {
      tg.dispose();
    }
    int width = Math.max(left + cols * cell + 24 + bar + barLabel + pad, 2 * pad + titleWidth);
    int height = top + rows * cell + pad + fontSize + 8;
    height = Math.max(height, top + 200);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          int x0 = left + j * cell;
          int y0 = top + i * cell;
          g.setColor(Double.isNaN(v[i][j]) ? new Color(225, 225, 225) : color((v[i][j] - lo) / (hi - lo), diverging));
          g.fillRect(x0, y0, cell, cell);
          if (r.significant(i, j) && cell >= 6) {
            int d = Math.max(2, cell / 4);
            g.setColor(Color.BLACK);
            g.fillOval(x0 + (cell - d) / 2, y0 + (cell - d) / 2, d, d);
          }
        }
      }
      g.setColor(new Color(90, 90, 90));
      g.setStroke(new BasicStroke(1f));
      g.drawRect(left, top, cols * cell, rows * cell);
      g.setFont(font);
      g.setColor(Color.BLACK);
      FontMetrics m = g.getFontMetrics();
      for (int i = 0; i < rows; i += step) {
        String s = shorten(r.rowNames().get(i));
        g.drawString(s, left - 6 - m.stringWidth(s), top + i * cell + cell / 2 + m.getAscent() / 2 - 1);
      }
      AffineTransform saved = g.getTransform();
      for (int j = 0; j < cols; j += step) {
        String s = shorten(r.colNames().get(j));
        g.setTransform(saved);
        g.translate(left + j * cell + cell / 2 + m.getAscent() / 2 - 1, top - 6);
        g.rotate(-Math.PI / 2);
        g.drawString(s, 0, 0);
      }
      g.setTransform(saved);
      g.setFont(titleFont);
      g.drawString(t, pad, pad + fontSize + 2);
      // colour bar
      g.setFont(font);
      int bx = left + cols * cell + 24;
      int bh = Math.max(120, rows * cell);
      for (int yy = 0; yy < bh; yy++) {
        g.setColor(color(1.0 - (double) yy / (bh - 1), diverging));
        g.fillRect(bx, top + yy, bar, 1);
      }
      g.setColor(new Color(90, 90, 90));
      g.drawRect(bx, top, bar, bh);
      g.setColor(Color.BLACK);
      for (int q = 0; q <= 4; q++) {
        double val = hi - (hi - lo) * q / 4.0;
        int yy = top + (int) Math.round((bh - 1) * q / 4.0);
        g.drawLine(bx + bar, yy, bx + bar + 3, yy);
        g.drawString(Report.number(val), bx + bar + 6, yy + m.getAscent() / 2 - 1);
      }
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(img, "png", path.toFile())) {
        throw new InvalidInputException("--plot " + path + ": no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new InvalidInputException("--plot " + path + ": cannot be written (" + e.getMessage() + ")");
    }
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 23) + "\u2026" : s;
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** t in [0, 1] on viridis, or blue–white–red */
  static Color color(double t, boolean diverging) {
    t = Math.max(0, Math.min(1, t));
    if (diverging) {
      // 0 = blue (59, 76, 192), 0.5 = white, 1 = red (180, 4, 38)
      int[] a = t < 0.5 ? new int[] {59, 76, 192} : new int[] {245, 245, 245};
      int[] b = t < 0.5 ? new int[] {245, 245, 245} : new int[] {180, 4, 38};
      double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      return mix(a, b, u);
    }
    double s = t * (VIRIDIS.length - 1);
    int k = Math.min(VIRIDIS.length - 2, (int) Math.floor(s));
    return mix(VIRIDIS[k], VIRIDIS[k + 1], s - k);
  }

  private static Color mix(int[] a, int[] b, double u) {
    return new Color((int) Math.round(a[0] + (b[0] - a[0]) * u), (int) Math.round(a[1] + (b[1] - a[1]) * u),
        (int) Math.round(a[2] + (b[2] - a[2]) * u));
  }
}
