package org.infokernels.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import jdk.internal.misc.Unsafe;

/**
 * The native executable's own reading of the JDK's glyph images (ci/native-image.sh compiles this
 * against the builder's annotations and puts it on the image class path; it is not part of the
 * library or the JVM CLI).
 *
 * <p>JDK 25's {@code sun.font.StrikeCache} reads the fields of the C struct {@code GlyphInfo}
 * (libfontmanager) through VarHandles that it derives from a {@code StructLayout} when the class
 * is initialised, at run time in the image. The image cannot link a VarHandle made at run time
 * ({@code UnsupportedOperationException: get} from {@code VarForm.getMemberName} on the first
 * string width), so every accessor that uses one is replaced by a plain read or write at the same
 * address: the struct's base address plus the field's byte offset, taken from the JDK's own layout
 * ({@code StrikeCache.GlyphImageLayout}), so the offsets follow the JDK the image is built from.
 */
@TargetClass(className = "sun.font.StrikeCache")
final class Target_sun_font_StrikeCache {
  @Substitute
  static float getGlyphXAdvance(long ptr) {
    return GlyphInfo.U.getFloat(ptr + GlyphInfo.X_ADVANCE);
  }

  @Substitute
  static void setGlyphXAdvance(long ptr, float val) {
    GlyphInfo.U.putFloat(ptr + GlyphInfo.X_ADVANCE, val);
  }

  @Substitute
  static float getGlyphYAdvance(long ptr) {
    return GlyphInfo.U.getFloat(ptr + GlyphInfo.Y_ADVANCE);
  }

  @Substitute
  static char getGlyphWidth(long ptr) {
    return GlyphInfo.U.getChar(ptr + GlyphInfo.WIDTH);
  }

  @Substitute
  static char getGlyphHeight(long ptr) {
    return GlyphInfo.U.getChar(ptr + GlyphInfo.HEIGHT);
  }

  @Substitute
  static char getGlyphRowBytes(long ptr) {
    return GlyphInfo.U.getChar(ptr + GlyphInfo.ROW_BYTES);
  }

  @Substitute
  static byte getGlyphManaged(long ptr) {
    return GlyphInfo.U.getByte(ptr + GlyphInfo.MANAGED);
  }

  @Substitute
  static float getGlyphTopLeftX(long ptr) {
    return GlyphInfo.U.getFloat(ptr + GlyphInfo.TOP_LEFT_X);
  }

  @Substitute
  static float getGlyphTopLeftY(long ptr) {
    return GlyphInfo.U.getFloat(ptr + GlyphInfo.TOP_LEFT_Y);
  }

  @Substitute
  static long getGlyphCellInfo(long ptr) {
    return GlyphInfo.U.getAddress(ptr + GlyphInfo.CELL_INFO);
  }

  @Substitute
  static void setGlyphCellInfo(long ptr, long val) {
    GlyphInfo.U.putAddress(ptr + GlyphInfo.CELL_INFO, val);
  }

  @Substitute
  static long getGlyphImagePtr(long ptr) {
    return GlyphInfo.U.getAddress(ptr + GlyphInfo.IMAGE);
  }

  @Substitute
  @SuppressWarnings("restricted")
  static MemorySegment getGlyphPixelData(long ptr) {
    return MemorySegment.ofAddress(getGlyphImagePtr(ptr)).reinterpret(GlyphInfo.pixelBytes(ptr));
  }

  @Substitute
  static byte[] getGlyphPixelBytes(long ptr) {
    final byte[] out = new byte[(int) GlyphInfo.pixelBytes(ptr)];
    GlyphInfo.U.copyMemory(null, getGlyphImagePtr(ptr), out, Unsafe.ARRAY_BYTE_BASE_OFFSET, out.length);
    return out;
  }

  @Substitute
  static byte getPixelByte(MemorySegment pixelData, long index) {
    return GlyphInfo.U.getByte(pixelData.address() + index);
  }
}

/** byte offsets of GlyphInfo's fields, from the JDK's StrikeCache.GlyphImageLayout */
final class GlyphInfo {
  static final Unsafe U = Unsafe.getUnsafe();
  static final long X_ADVANCE = offset("xAdvance");
  static final long Y_ADVANCE = offset("yAdvance");
  static final long WIDTH = offset("width");
  static final long HEIGHT = offset("height");
  static final long ROW_BYTES = offset("rowBytes");
  static final long MANAGED = offset("managed");
  static final long TOP_LEFT_X = offset("topLeftX");
  static final long TOP_LEFT_Y = offset("topLeftY");
  static final long CELL_INFO = offset("cellInfo");
  static final long IMAGE = offset("image");

  private GlyphInfo() {}

  private static long offset(String field) {
    return sun.font.StrikeCache.GlyphImageLayout.byteOffset(PathElement.groupElement(field));
  }

  /** rowBytes * height, the size of the glyph's pixel data */
  static long pixelBytes(long ptr) {
    return (long) U.getChar(ptr + ROW_BYTES) * U.getChar(ptr + HEIGHT);
  }
}
