package org.infokernels.cli.timeseries;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Unit;
import org.infokernels.timeseries.Network;

/**
 * The network as a PNG: nodes on a circle, one curved arrow per edge (width by TE, labelled with
 * its lags and TE). Plain java.awt.image and ImageIO, so it runs headless (no display needed).
 */
final class NetworkPlot {
  private static final int SIZE = 900;

  private NetworkPlot() {}

  static void write(Path path, Network net, Unit unit) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      draw(g, net, unit);
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(img, "png", path.toFile())) {
        throw new InvalidInputException("--plot " + path + ": no PNG writer");
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot write --plot " + path + ": " + e.getMessage());
    }
  }

  private static void draw(Graphics2D g, Network net, Unit unit) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, SIZE, SIZE);
    int p = net.names().size();
    double cx = SIZE / 2.0;
    double cy = SIZE / 2.0 + 20;
    double radius = SIZE * 0.34;
    double nodeR = Math.max(14, Math.min(34, 300.0 / p));
    double[] px = new double[p];
    double[] py = new double[p];
    for (int j = 0; j < p; j++) {
      double a = -Math.PI / 2 + 2 * Math.PI * j / p;
      px[j] = cx + radius * Math.cos(a);
      py[j] = cy + radius * Math.sin(a);
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    g.drawString("Transfer-entropy network: " + net.edges().size() + " edges, " + p + " nodes, n = "
        + net.observations(), 20, 34);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString("arrow width ~ conditional TE (" + unit.label() + "); labels: lags : TE", 20, 56);
    double maxTe = 0;
    for (Network.Edge e : net.edges()) {
      maxTe = Math.max(maxTe, e.te());
    }
    Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    for (Network.Edge e : net.edges()) {
      int s = e.source();
      int t = e.target();
      double dx = px[t] - px[s];
      double dy = py[t] - py[s];
      double len = Math.hypot(dx, dy);
      double ux = dx / len;
      double uy = dy / len;
      // bend to the right of the direction of travel, so that a → b and b → a do not overlap
      double bend = 0.12 * len;
      double mx = (px[s] + px[t]) / 2 - uy * bend;
      double my = (py[s] + py[t]) / 2 + ux * bend;
      double[] start = towards(px[s], py[s], mx, my, nodeR + 2);
      double[] end = towards(px[t], py[t], mx, my, nodeR + 4);
      float width = (float) (1.5 + 6.0 * (maxTe > 0 ? Math.max(0, e.te()) / maxTe : 0));
      Color c = new Color(40, 90, 170);
      g.setColor(c);
      g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new QuadCurve2D.Double(start[0], start[1], mx, my, end[0], end[1]));
      double ax = end[0] - mx;
      double ay = end[1] - my;
      double al = Math.hypot(ax, ay);
      ax /= al;
      ay /= al;
      double head = 12 + 2 * width;
      Path2D.Double arrow = new Path2D.Double();
      arrow.moveTo(end[0], end[1]);
      arrow.lineTo(end[0] - head * ax - head * 0.5 * ay, end[1] - head * ay + head * 0.5 * ax);
      arrow.lineTo(end[0] - head * ax + head * 0.5 * ay, end[1] - head * ay - head * 0.5 * ax);
      arrow.closePath();
      g.fill(arrow);
      String text = NetworkCommand.lags(e.lags(), ",") + " : " + String.format(Locale.ROOT, "%.3f", unit.fromNats(e.te()));
      g.setFont(label);
      FontMetrics fm = g.getFontMetrics();
      double lx = 0.25 * ((px[s] + px[t]) / 2) + 0.75 * mx;
      double ly = 0.25 * ((py[s] + py[t]) / 2) + 0.75 * my;
      int w = fm.stringWidth(text);
      g.setColor(new Color(255, 255, 255, 220));
      g.fillRect((int) (lx - w / 2.0) - 3, (int) ly - fm.getAscent(), w + 6, fm.getHeight());
      g.setColor(new Color(20, 20, 20));
      g.drawString(text, (float) (lx - w / 2.0), (float) ly);
    }
    g.setStroke(new BasicStroke(2f));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.max(11, Math.min(18, nodeR * 0.7))));
    for (int j = 0; j < p; j++) {
      Ellipse2D.Double node = new Ellipse2D.Double(px[j] - nodeR, py[j] - nodeR, 2 * nodeR, 2 * nodeR);
      g.setColor(new Color(250, 215, 120));
      g.fill(node);
      g.setColor(Color.DARK_GRAY);
      g.draw(node);
      FontMetrics fm = g.getFontMetrics();
      String name = net.names().get(j);
      g.setColor(Color.BLACK);
      g.drawString(name, (float) (px[j] - fm.stringWidth(name) / 2.0), (float) (py[j] + fm.getAscent() / 2.0 - 2));
    }
  }

  /** the point at distance d from (x, y) towards (tx, ty) */
  private static double[] towards(double x, double y, double tx, double ty, double d) {
    double dx = tx - x;
    double dy = ty - y;
    double l = Math.hypot(dx, dy);
    return new double[] {x + dx / l * d, y + dy / l * d};
  }
}
