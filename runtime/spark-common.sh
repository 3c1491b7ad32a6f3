# Sourced by runtime/spark-driver and runtime/spark-cluster: the Maven-resolved SPARK_HOME of spark/job (jars/ with
# every dependency of spark-core, and an empty RELEASE file), built on first use, and Spark's own launcher
# (org.apache.spark.launcher.Main, what spark-class runs) to build each Java command, so the JVMs get the options
# Spark itself adds on Java 17 (its JavaModuleOptions list of --add-opens) — nothing downloaded from anywhere else.
spark_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SPARK_HOME="${LMWB_SPARK_HOME:-$spark_root/spark/job/target/spark-home}"
# The standalone scripts' name for the Scala build ("Cannot find any build directories" without it).
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
spark_job_jar="$spark_root/spark/job/target/lmwb-spark-job.jar"

spark_build() {
  if [ -f "$spark_job_jar" ] && [ -d "$SPARK_HOME/jars" ] && [ -z "${LMWB_REBUILD:-}" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || { echo "lmwb: error: the Spark job is not built and Maven (mvn) is not installed" >&2; return 1; }
  echo "lmwb: building the Spark job and its Spark jars (first use; takes a few minutes)..." >&2
  if ! (cd "$spark_root" && mvn -B -q -DskipTests -pl spark/job -am package >"$spark_root/runtime/spark-build.log" 2>&1); then
    echo "lmwb: error: the Spark build failed; see runtime/spark-build.log" >&2
    tail -n 20 "$spark_root/runtime/spark-build.log" >&2
    return 1
  fi
}

# spark_command CLASS ARGS... fills the array spark_cmd with the java command Spark's launcher builds.
spark_command() {
  touch "$SPARK_HOME/RELEASE"
  spark_cmd=()
  local arg started=
  while IFS= read -r -d '' arg; do
    if [ -n "$started" ]; then
      spark_cmd+=("${arg#$'\n'}")
    elif [ -z "$arg" ]; then
      started=1
    fi
  done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@")
  [ ${#spark_cmd[@]} -gt 0 ] || { echo "lmwb: error: Spark's launcher built no command for $1" >&2; return 1; }
}
