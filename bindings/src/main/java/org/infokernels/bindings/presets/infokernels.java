package org.infokernels.bindings.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP preset for {@code native/include/infokernels.h}. The parser turns the header into
 * {@code org.infokernels.bindings.global.infokernels} at build time (never edited by hand).
 *
 * <p>It inherits the OpenBLAS preset so that {@code Loader.load} first loads the OpenBLAS jar's
 * {@code libopenblas.so.0}, which {@code libinfokernels.so} links for BLAS/LAPACK. The OpenBLAS
 * headers are excluded from parsing: parsing them costs minutes and we call them only from C++.
 */
@Properties(
    inherit = org.bytedeco.openblas.presets.openblas.class,
    global = "org.infokernels.bindings.global.infokernels",
    value = @Platform(
        include = "infokernels.h",
        link = "infokernels",
        exclude = {"openblas_config.h", "cblas.h", "lapacke_config.h", "lapacke_mangling.h",
                   "lapack.h", "lapacke.h", "lapacke_utils.h"}))
public class infokernels implements InfoMapper {
  @Override
  public void map(InfoMap infoMap) {
    // the header is plain C with fixed-width integers; JavaCPP's defaults map it directly
  }
}
