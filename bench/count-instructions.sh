#!/usr/bin/env bash
# Instructions `esabridge parse` executes on a log, counted by callgrind: the same count (within 0.02 %, the GC's
# timing) whatever else the machine does, so a hot-path change can be judged when wall times are too noisy
# (docs/PERFORMANCE.md, "Method").
# Builds a native executable of the working tree for x86-64-v3 with its symbols kept (valgrind 3.19 knows no AVX-512
# and cannot read the DWARF 5 of esabridge.dbg), prints the total and the costliest functions, and keeps the
# callgrind file for callgrind_annotate. Usage: bench/count-instructions.sh LOG [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="${1:?usage: bench/count-instructions.sh LOG [OUT_DIR]}"
out="${2:-${TMPDIR:-/tmp}/esabridge-callgrind}"
command -v valgrind >/dev/null || { echo "count-instructions: valgrind is not installed" >&2; exit 2; }
[ -r "$log" ] || { echo "count-instructions: cannot read $log" >&2; exit 2; }
mkdir -p "$out"
# The launcher's build kind and this one share obj/: the linker must run again for the other instruction set.
rm -rf "$root/src/EsaBridge/obj/Release/net10.0/linux-x64/native"
dotnet publish "$root/src/EsaBridge/EsaBridge.csproj" -c Release --use-current-runtime --disable-build-servers \
  -o "$out/publish" -nologo -v quiet -p:PublishAot=true -p:IlcInstructionSet=x86-64-v3 \
  -p:OptimizationPreference=Speed -p:StripSymbols=false >"$out/publish.log" 2>&1 \
  || { echo "count-instructions: the build failed (see $out/publish.log)" >&2; exit 1; }
rm -rf "$root/src/EsaBridge/obj/Release/net10.0/linux-x64/native"
objcopy --strip-debug "$out/publish/esabridge" "$out/esabridge"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "$out/esabridge" parse "$log" \
  2>"$out/valgrind.log" | md5sum | sed 's/ .*/  output md5/'
grep -E 'I +refs' "$out/valgrind.log" | sed 's/^==[0-9]*== *//'
callgrind_annotate "$out/callgrind.out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n '2,21p' | cut -c1-160
echo "callgrind file: $out/callgrind.out"
