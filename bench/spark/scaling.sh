#!/usr/bin/env bash
# Spark scaling benchmark (README "Spark"): one machine vs local[1], local[2], standalone master with 1 and 2
# workers (1 core each, own JVMs on loopback, started and stopped by the benchmark).
# Needs the build: mvn -B -o -Dik.cuda=OFF -pl java/spark -am -DskipTests package (the test classes are compiled
# by it too). Arguments go to org.infokernels.spark.ScalingBench, e.g. --p 40 --n 2000 --groups 200 --rows 2000.
set -euo pipefail
cd "$(dirname "$0")/../.."
T=$PWD/java/spark/target
[ -f $T/infokernels-spark.jar ] && [ -f $T/spark-classpath.txt ] && [ -d $T/test-classes ] || {
  echo "scaling.sh: build first: mvn -B -o -Dik.cuda=OFF -pl java/spark -am -DskipTests package" >&2; exit 2; }
# Spark's JavaModuleOptions (java/spark/spark-jvm.args, as spark.jvm.options in java/spark/pom.xml)
OPTS="$(tr '\n' ' ' < java/spark/spark-jvm.args)"
export OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java -Xmx3g $OPTS "-Dspark.jvm.options=$OPTS" \
  -cp "$T/test-classes:$T/infokernels-spark.jar:$(cat $T/spark-classpath.txt)" \
  org.infokernels.spark.ScalingBench "$@"
