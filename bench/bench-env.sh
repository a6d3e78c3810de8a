# Sourced by the bench/*.sh scripts: builds the benchmark module (kept out of the application jar)
# when its sources changed, and puts its jar on bin/lakeml's classpath.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench_jar() { ls "$HERE"/target/lakeml-bench-*.jar 2>/dev/null | head -n 1; }
if [ -z "$(bench_jar)" ] || [ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$(bench_jar)" -print -quit)" ]; then
  echo "bench: building the benchmark module" >&2
  (cd "$HERE/.." && mvn -q -B -DskipTests package -pl bench -am) >&2
fi
export LAKEML_EXTRA_CP="$(bench_jar):$(cat "$HERE/target/bench-classpath.txt")"
