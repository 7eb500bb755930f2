package org.infokernels.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.infokernels.core.InvalidInputException;

/** Writes a 1-D float64 array as a NumPy {@code .npy} file (format 1.0, little-endian, C order). */
public final class NpyWriter {
  private NpyWriter() {}

  /**
   * Writes {@code values} to {@code path} (replacing it), readable by {@code numpy.load}.
   *
   * @throws InvalidInputException when the file cannot be written (its path and the reason)
   */
  public static void write(Path path, double[] values) {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    StringBuilder header = new StringBuilder(dict);
    while (10 + header.length() + 1 < total) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(10 + h.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    buf.putShort((short) h.length).put(h);
    for (double v : values) {
      buf.putDouble(v);
    }
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(buf.array());
    } catch (IOException e) {
      throw new InvalidInputException(path + ": cannot write (" + e.getMessage() + ")");
    }
  }
}
