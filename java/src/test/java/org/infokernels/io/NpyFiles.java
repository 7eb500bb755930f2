package org.infokernels.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test helper: .npy files written byte by byte (magic, version, header dict, padding, data), as numpy does. */
public final class NpyFiles {
  private NpyFiles() {}

  /** the whole file for {@code header} (the dict text, without padding) and raw {@code data} */
  public static byte[] bytes(int major, String header, byte[] data) {
    int preamble = major == 1 ? 10 : 12;
    StringBuilder h = new StringBuilder(header);
    // numpy pads the header with spaces and a final newline so that the data starts on a 64-byte boundary
    while ((preamble + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    byte[] hb = h.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(major);
    out.write(0);
    if (major == 1) {
      out.write(hb.length & 0xff);
      out.write((hb.length >> 8) & 0xff);
    } else {
      ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(hb.length);
      out.writeBytes(len.array());
    }
    out.writeBytes(hb);
    out.writeBytes(data);
    return out.toByteArray();
  }

  public static String header(String descr, boolean fortran, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
  }

  public static byte[] doubles(ByteOrder order, double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
    for (double d : v) {
      b.putDouble(d);
    }
    return b.array();
  }

  public static byte[] floats(ByteOrder order, float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  public static byte[] ints(ByteOrder order, int... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
    for (int i : v) {
      b.putInt(i);
    }
    return b.array();
  }

  public static byte[] longs(ByteOrder order, long... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
    for (long i : v) {
      b.putLong(i);
    }
    return b.array();
  }

  public static Path write(Path file, byte[] content) {
    try {
      Files.write(file, content);
      return file;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** a little-endian float64 C-order 2-D npy of {@code rows} */
  public static Path writeMatrix(Path file, double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] flat = new double[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return write(file, bytes(1, header("<f8", false, "(" + n + ", " + d + ")"), doubles(ByteOrder.LITTLE_ENDIAN, flat)));
  }

  /** n × d standard normal values, reproducible from {@code seed} */
  public static double[][] gaussian(long seed, int n, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] a = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        // Box–Muller from two uniforms: enough for test data
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        a[i][j] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      }
    }
    return a;
  }
}
