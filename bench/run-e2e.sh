#!/usr/bin/env bash
# End-to-end throughput: generates a large log, then times wc -l (the ceiling), `esabridge parse` and the regex
# baseline on the same file, in the same run, with peak memory. Usage: bench/run-e2e.sh [SIZE_MB] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-300}"
runs="${2:-3}"
work="${TMPDIR:-/tmp}/esabridge-e2e"
log="$work/generated-${size}.log"
mkdir -p "$work"
dotnet build "$root/bench/EsaBridge.Bench" -c Release -nologo -v quiet >/dev/null
bench=(dotnet "$root/bench/EsaBridge.Bench/bin/Release/net10.0/EsaBridge.Bench.dll")
if [ ! -f "$log" ]; then
  "${bench[@]}" generate "$log" "$size" --seed 1 >/dev/null
fi
"$root/esabridge" --help >/dev/null
bytes=$(stat -c %s "$log")
echo "file: $log ($bytes bytes, $(wc -l <"$log") lines); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cat "$log" >/dev/null   # warm the page cache so every tool reads from memory
measure() {   # name, command...: best wall time of $runs runs and its peak RSS
  local name="$1"; shift
  local best="" rss=""
  for _ in $(seq "$runs"); do
    local out
    /usr/bin/time -o "$work/time.out" -f "%e %M" "$@" >/dev/null 2>/dev/null
    out=$(tail -1 "$work/time.out")
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  awk -v n="$name" -v t="$best" -v m="$rss" -v b="$bytes" \
    'BEGIN { printf "%-22s %7.2f s %9.1f MB/s %8.1f MB peak RSS\n", n, t, b / 1e6 / t, m / 1024 }'
  echo "$best" >"$work/$name.time"
}
measure "wc -l" wc -l "$log"
measure "esabridge parse" "$root/esabridge" parse "$log"
measure "esabridge report" "$root/esabridge" report "$log"
measure "regex baseline" "${bench[@]}" baseline "$log"
awk -v p="$(cat "$work/esabridge parse.time")" -v b="$(cat "$work/regex baseline.time")" \
  'BEGIN { printf "parse is %.1fx the baseline\n", b / p }'
"$root/esabridge" parse "$log" 2>&1 >/dev/null | tail -1
