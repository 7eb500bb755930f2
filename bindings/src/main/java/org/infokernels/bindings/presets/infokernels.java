package org.infokernels.bindings.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP preset for {@code native/include/infokernels.h}. The parser turns the header into
 * {@code org.infokernels.bindings.global.infokernels} at build time (never edited by hand).
 *
 * <p>{@code Loader.load} first preloads, from the OpenBLAS preset jar's resources
 * ({@code preloadresource}), the one OpenBLAS library that {@code libinfokernels.so} links for
 * BLAS/LAPACK ({@code libopenblas.so.0}) and its Fortran runtime. It does not inherit the OpenBLAS
 * preset: inheriting made every start load that preset's Java bindings too — a second, LAPACK-less
 * copy of OpenBLAS ({@code libopenblas_nolapack.so.0}, 37 MB), two JNI libraries of 24 MB and
 * 0.3 MB and their classes — about 1 s of every CLI start with the cpu backend, for functions we
 * only ever call from C++.
 */
@Properties(
    global = "org.infokernels.bindings.global.infokernels",
    value = @Platform(
        include = "infokernels.h",
        link = "infokernels",
        preload = {"gcc_s@.1", "quadmath@.0", "gfortran@.5", "openblas@.0"},
        preloadresource = "/org/bytedeco/openblas/"))
public class infokernels implements InfoMapper {
  @Override
  public void map(InfoMap infoMap) {
    // the header is plain C with fixed-width integers; JavaCPP's defaults map it directly
  }
}
