#!/usr/bin/env bash
# Builds the command-line tool as a GraalVM native executable with the real native-image builder and
# runs the golden cases and the CLI error cases through it (ci/native-image/check.py); any mismatch,
# crash or build failure fails the script.
#
#   ci/native-image.sh            after `mvn ... package` (needs java/target/infokernels.jar)
#
# No GraalVM distribution can be installed on this project's machines, but the builder itself is on
# Maven Central (org.graalvm.nativeimage:svm and 12 more jars, ~54 MB) and runs on any JDK 25 that has
# the JVMCI module (Temurin 25 here). What Maven Central lacks is replaced (README.md, "Native image"):
#   - the `native-image` driver: the builder (NativeImageGeneratorRunner) is started directly, so the
#     driver's options are spelled out below and `Args=` lines of native-image.properties are not read;
#   - SubstrateVM's C helpers (liblibchelper.a, libjvm.a, libreporterchelper.so): minimal stand-ins in
#     ci/native-image/csrc (the CPU-feature check always passes: the image targets the build CPU);
#   - the JDK's static libraries (libjava.a, libnio.a, ...): linker scripts that link the JDK's shared
#     libraries instead, so the executable needs the JDK copy's lib/ (absolute RPATH): it proves that
#     our reachability metadata lets the real builder produce a working CLI; it is not a shippable
#     binary. Users with a GraalVM build a self-contained one with `mvn -Pnative -DskipTests package`.
#
# Environment: IK_NI_JDK (a JDK 25 home with jdk.internal.vm.ci; default /usr/lib/jvm/temurin-25*),
# IK_NI_VERSION (svm version, 25.0.2), IK_NI_DIR (work folder, java/target/native-image),
# IK_NI_SKIP_CHECK=1 (build only). Without a JDK 25 the script says so and exits 0 (skipped).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/ci/native-image
V=${IK_NI_VERSION:-25.0.2}
JAR=${IK_NI_JAR:-$ROOT/java/target/infokernels.jar}
W=${IK_NI_DIR:-$ROOT/java/target/native-image}
MAIN=org.infokernels.cli.Main
log() { echo "native-image: $*"; }

BASEJDK=${IK_NI_JDK:-}
if [[ -z "$BASEJDK" ]]; then
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25*; do
    [[ -x "$d/bin/java" ]] && { BASEJDK=$d; break; }
  done
fi
if [[ -z "$BASEJDK" || ! -d "$BASEJDK/jmods" && ! -f "$BASEJDK/lib/modules" ]]; then
  log "SKIPPED: no JDK 25 found (set IK_NI_JDK); the native executable was not built"
  exit 0
fi
if ! "$BASEJDK/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@'; then
  log "SKIPPED: $BASEJDK has no jdk.internal.vm.ci (JVMCI) module"
  exit 0
fi
[[ -f "$JAR" ]] || { log "error: $JAR missing; build it first (mvn -B -q -DskipTests package)"; exit 1; }

# 1. the toolchain: builder jars, a private JDK copy (the builder looks under java.home), exports, C stand-ins
T=$W/toolchain
# rebuilt when the C stand-ins, this section of the script, the svm version or the JDK change
STAMP="$V $( (cat "$HERE"/csrc/*.c "$HERE"/csrc/include/*.h; sed -n '/^# 1\. the toolchain/,/^# 2\. the image/p' "$0") \
  | sha1sum | cut -c1-12) $BASEJDK"
if [[ ! -f "$T/stamp" || "$(cat "$T/stamp")" != "$STAMP" ]]; then
  t0=$(date +%s)
  rm -rf "$T" && mkdir -p "$T/resolve" "$T/lib"
  cat > "$T/resolve/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>org.infokernels.ci</groupId><artifactId>svm-resolve</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.graalvm.nativeimage</groupId><artifactId>svm</artifactId><version>$V</version></dependency></dependencies></project>
EOF
  # offline first (the jars are usually in the local repository), else from Maven Central
  if ! (cd "$T/resolve" && mvn -q -B -o dependency:copy-dependencies -DoutputDirectory="$T/lib" >"$T/resolve.log" 2>&1); then
    (cd "$T/resolve" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$T/lib" >"$T/resolve.log" 2>&1) \
      || { cat "$T/resolve.log"; log "error: could not resolve org.graalvm.nativeimage:svm:$V"; exit 1; }
  fi
  # hard links where the file system allows (instant), else a copy
  cp -al "$BASEJDK" "$T/jdk" 2>/dev/null || { rm -rf "$T/jdk"; cp -a "$BASEJDK" "$T/jdk"; }
  J=$T/jdk
  # --add-exports for the builder modules' use of JDK internals, computed with jdeps
  MP=$(ls "$T"/lib/*.jar | tr '\n' ':')
  for j in "$T"/lib/*.jar; do
    mod=$("$J/bin/jar" --describe-module --file="$j" | head -1 | awk '{print $1}')
    "$J/bin/jdeps" --multi-release 25 --ignore-missing-deps -verbose:package --upgrade-module-path "$T/lib/compiler-$V.jar" \
        --module-path "$MP" "$j" 2>/dev/null | { grep "internal API" || true; } \
      | awk -v m="$mod" '{gsub(/[()]/,"",$NF); print $NF"/"$3" "m}'
  done | sort -u | awk '{a[$1]=a[$1] ? a[$1]","$2 : $2} END {for (k in a) print "--add-exports=" k "=" a[k]}' \
    | sort > "$T/exports.txt"
  CL=$T/clib
  mkdir -p "$CL/glibc" "$CL/include" "$J/lib/svm/builder/lib" "$J/lib/static/linux-amd64/glibc"
  cp "$HERE"/csrc/include/*.h "$CL/include/"
  gcc -O2 -shared -fPIC -I"$J/include" -I"$J/include/linux" "$HERE/csrc/reporterchelper.c" \
    -o "$J/lib/svm/builder/lib/libreporterchelper.so"
  gcc -O2 -fPIC -c -I"$CL/include" "$HERE/csrc/libchelper.c" -o "$T/libchelper.o"
  ar rcs "$CL/glibc/liblibchelper.a" "$T/libchelper.o"
  gcc -O2 -fPIC -c -I"$J/include" -I"$J/include/linux" "$HERE/csrc/jvm.c" -o "$T/jvm.o"
  gcc -O2 -fPIC -c -I"$J/include" -I"$J/include/linux" "$HERE/csrc/jnionload.c" -o "$T/jnionload.o"
  ar rcs "$CL/glibc/libjvm.a" "$T/jvm.o" "$T/jnionload.o"
  # no static JDK libraries on Maven Central: "libjava.a" etc. are linker scripts naming the shared ones
  # (management_ext: com.sun.management's OperatingSystemImpl, reached through MemoryGuard)
  JDKLIBS="java nio net zip management_ext"
  for l in $JDKLIBS; do
    rm -f "$J/lib/static/linux-amd64/glibc/lib$l.a"
    echo "INPUT($J/lib/lib$l.so)" > "$J/lib/static/linux-amd64/glibc/lib$l.a"
  done
  # ... and those need libjvm.so: a stub (rt/libjvm.so, first on the executable's RPATH) instead of
  # HotSpot's, with our JVM_* stand-ins and, for every other JVM_* they import (bound at load time:
  # they are linked with -z now), one that says which function is missing and aborts
  mkdir -p "$T/rt"
  { echo '#include <stdio.h>'; echo '#include <stdlib.h>'
    for l in $JDKLIBS; do nm -D --undefined-only "$J/lib/lib$l.so"; done | awk '/@SUNWprivate_1.1/ {sub(/@.*/, "", $2); print $2}' \
      | sort -u | grep -vxF -f <(grep -o '\b\(JVM_[A-Za-z0-9_]*\|jio_[a-z]*\)\s*(' "$HERE/csrc/jvm.c" | tr -d ' (' | sort -u) \
      | awk '{printf "void %s(void) { fputs(\"infokernels (native image): JDK function %s is not available\\n\", stderr); abort(); }\n", $1, $1}'
  } > "$T/jvmstubs.c"
  echo 'SUNWprivate_1.1 { global: JVM_*; jio_*; local: *; };' > "$T/libjvm.map"
  gcc -O2 -shared -fPIC -DIK_JVM_SHARED -I"$J/include" -I"$J/include/linux" -Wl,-soname,libjvm.so \
    -Wl,--version-script,"$T/libjvm.map" "$HERE/csrc/jvm.c" "$T/jvmstubs.c" -o "$T/rt/libjvm.so"
  echo "$STAMP" > "$T/stamp"
  log "toolchain ready in $(( $(date +%s) - t0 )) s ($T)"
fi

# 2. the image. Metadata comes from the jar's META-INF/native-image (JavaCPP's jni/reflect/resource
#    configuration of our natives and of OpenBLAS, picocli-codegen's reflection configuration, ours
#    under META-INF/native-image/org.infokernels/infokernels); the driver options are spelled out here.
J=$T/jdk
LIB=$T/lib
MP=""
for a in nativeimage word collections nativeimage-libgraal truffle-compiler svm native-image-base pointsto objectfile \
    svm-capnproto-runtime svm-configure espresso-svm; do
  MP="$MP${MP:+:}$LIB/$a-$V.jar"
done
OUT=$W/out
rm -rf "$OUT" "$W/tmp" "$W/subst" && mkdir -p "$OUT" "$W/tmp" "$W/subst"
# The image's own substitutions (ci/native-image/substitutions): JDK code the image cannot run as
# written (the glyph accessors of sun.font.StrikeCache, for --plot), compiled against the builder's
# annotations and put on the image class path beside the jar; not part of the library or the JVM CLI.
SUBST_EXPORTS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.desktop/sun.font=ALL-UNNAMED)
"$J/bin/javac" -nowarn -d "$W/subst" -cp "$LIB/nativeimage-$V.jar" "${SUBST_EXPORTS[@]}" \
  $(find "$HERE/substitutions" -name '*.java' | sort)
"$J/bin/jar" cf "$W/substitutions.jar" -C "$W/subst" .
# The builder does not scan the class path for metadata (GraalVM's driver does, and passes what it
# finds as -H:*ConfigurationResources=...): do the driver's part for every *-config.json and
# reachability-metadata.json under META-INF/native-image in the jar (JavaCPP's for jnijavacpp,
# jniinfokernels and OpenBLAS; picocli-codegen's for the CLI).
META=()
while IFS= read -r e; do
  # OpenBLAS's "full" JNI library (24 MB) is never loaded by our natives (JavaCPP loads the
  # nolapack and LAPACK ones through the presets our preset inherits): keep it out of the image
  [[ "$e" == */jniopenblas_full/resource-config.json ]] && continue
  case "${e##*/}" in
    reflect-config.json) META+=("-H:ReflectionConfigurationResources=$e") ;;
    jni-config.json) META+=("-H:JNIConfigurationResources=$e") ;;
    resource-config.json) META+=("-H:ResourceConfigurationResources=$e") ;;
    proxy-config.json) META+=("-H:DynamicProxyConfigurationResources=$e") ;;
    serialization-config.json) META+=("-H:SerializationConfigurationResources=$e") ;;
    reachability-metadata.json) META+=("-H:ReachabilityMetadataResources=$e") ;;
  esac
done < <("$J/bin/jar" tf "$JAR" | grep '^META-INF/native-image/.*\.json$' | sort)
# Args= of native-image.properties are driver options: none of our jars' properties is needed yet,
# so any found fails the build here rather than being ignored silently.
if "$J/bin/jar" tf "$JAR" | grep -q '^META-INF/native-image/.*native-image\.properties$'; then
  log "error: $JAR has native-image.properties files; pass their Args= by hand in $0:"
  "$J/bin/jar" tf "$JAR" | grep '^META-INF/native-image/.*native-image\.properties$'
  exit 1
fi
log "metadata: ${#META[@]} configuration resources from $(basename "$JAR")"
t0=$(date +%s)
log "building $OUT/infokernels from $JAR (svm $V on $("$J/bin/java" -version 2>&1 | head -1))"
set +e
/usr/bin/time -v -o "$W/build-time.txt" "$J/bin/java" \
  -XX:+UseParallelGC -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler \
  -Dgraalvm.locatorDisabled=true -Dsubstratevm.HostLibC=glibc \
  -Xss10m -Xmx"${IK_NI_XMX:-6g}" -XX:GCTimeRatio=9 -XX:+ExitOnOutOfMemoryError \
  -Djava.awt.headless=true -Dorg.graalvm.vendor=assembled -Dorg.graalvm.version="$V" \
  -Dcom.oracle.graalvm.isaot=true -Dorg.graalvm.nativeimage.imagecode=buildtime \
  -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader -Xshare:off \
  -Djdk.internal.lambda.disableEagerInitialization=true \
  "${SUBST_EXPORTS[@]}" \
  --enable-native-access=ALL-UNNAMED,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.base,org.graalvm.nativeimage.pointsto,jdk.graal.compiler \
  @"$T/exports.txt" \
  --upgrade-module-path "$LIB/compiler-$V.jar" \
  --module-path "$MP" \
  --module org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner \
  -imagecp "$JAR:$W/substitutions.jar" \
  -H:CLibraryPath="$T/clib/glibc,$T/clib" \
  -H:ImageBuildID="$(cat /proc/sys/kernel/random/uuid)" -H:-UseContainerSupport \
  -H:NativeLinkerOption=-Wl,-rpath,"$J/lib:$T/rt" \
  -H:NativeLinkerOption=-Wl,--disable-new-dtags \
  -H:+ReportExceptionStackTraces -H:FallbackThreshold=0 -H:Optimize="${IK_NI_OPT:-b}" \
  -H:TempDirectory="$W/tmp" -H:+TraceNativeToolUsage \
  "${META[@]}" \
  -H:Path="$OUT" -H:Name=infokernels -H:Class="$MAIN" \
  "$@" 2>&1 | tee "$W/build.log"
rc=${PIPESTATUS[0]}
set -e
secs=$(( $(date +%s) - t0 ))
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.2f", $2/1048576}' "$W/build-time.txt" 2>/dev/null || echo "?")
cpu=$(awk -F': ' '/(User|System) time/ {s += $2} END {printf "%.0f", s}' "$W/build-time.txt" 2>/dev/null || echo "?")
if [[ $rc -ne 0 || ! -x "$OUT/infokernels" ]]; then
  log "FAILED: the builder exited with $rc after $secs s (build log: $W/build.log)"
  exit 1
fi
size=$(du -m "$OUT/infokernels" | cut -f1)
log "built $OUT/infokernels in $secs s ($cpu s of CPU), peak RSS of the builder $rss GiB, executable $size MiB"

# 3. the golden cases and the error cases through the executable (java and cpu; cuda falls back as on the JVM)
if [[ "${IK_NI_SKIP_CHECK:-}" != 1 ]]; then
  python3 "$HERE/check.py" --native "$OUT/infokernels" --jar "$JAR" \
    --golden "$ROOT/java/src/test/resources/golden"
fi
