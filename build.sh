#!/usr/bin/env bash
# seqlab build script.
#   ./build.sh          install what is missing, build, serve web/ on http://127.0.0.1:$PORT (8000)
#   ./build.sh test     build, then run every test (native C under ASan/UBSan, Node API, browser)
#   ./build.sh build    build only
#   ./build.sh bench    build, then print the benchmark table (BENCH_QUICK=1 for a short run)
#   ./build.sh fuzz     run every libFuzzer target for FUZZ_SECONDS (60) each
#   ./build.sh experiment NAME [--quick] [--seeds N|A,B,..] [--pilot] [--replicate]   build, then run a
#                       headless training experiment (lm-lengths, copy-lengths, rnn-memory, induction,
#                       or all) on seeds 1-5 (--pilot: 101-105); --replicate trains each of its models
#                       in PyTorch beside seqlab (needs python3-torch); see README "Experiments"
#   ./build.sh lint     check the formatting and lint of LINT_PATHS (also part of test)
#   ./build.sh shots    build, then screenshot every widget (360/600/1280 px, light/dark, en/fa) into build/shots/
# Each step is skipped when its outputs are newer than its inputs, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
MODE=${1:-serve}

say() { printf '\033[1m[seqlab]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[seqlab] error:\033[0m %s\n' "$*" >&2; exit 1; }

# ---- installing what is missing ------------------------------------------------------------
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: install the Debian packages $* by hand"
  SUDO=sudo
fi
APT_UPDATED=0
apt_install() { # apt_install PACKAGE... — installs only the ones not yet installed
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  say "installing Debian packages: ${missing[*]}"
  if [ $APT_UPDATED = 0 ]; then $SUDO apt-get update -qq || die "apt-get update failed"; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 18 ] || die "Node >= 18 is needed, found $(node --version)"
}

ensure_npm_packages() {
  ensure_node
  # npm ci only when the lock file changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed"
  fi
}

ensure_emscripten() {
  command -v emcc >/dev/null || apt_install emscripten
  # Debian's emscripten runs its JS optimizer with node and needs Debian's node modules.
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
}

ensure_native_tools() {
  command -v gcc >/dev/null || apt_install gcc
  # libasan/libubsan come with gcc on Debian; check that a sanitized link works.
  echo 'int main(void){return 0;}' > /tmp/seqlab_san_probe.c
  gcc -fsanitize=address,undefined /tmp/seqlab_san_probe.c -o /tmp/seqlab_san_probe 2>/dev/null \
    || apt_install libasan8 libubsan1
}

ensure_fuzz_tools() {
  command -v clang >/dev/null || apt_install clang
  # libFuzzer's runtime ships in clang's runtime package on Debian
  echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}' > /tmp/seqlab_fuzz_probe.c
  clang -fsanitize=fuzzer /tmp/seqlab_fuzz_probe.c -o /tmp/seqlab_fuzz_probe 2>/dev/null \
    || apt_install "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev" \
    || die "clang's libFuzzer runtime is missing"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# ---- building --------------------------------------------------------------------------------
newer_than() { # newer_than TARGET SOURCES... — true when TARGET is missing or older than a source
  local target=$1; shift
  [ -e "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -print -quit 2>/dev/null)" ]
}

CORE_SOURCES=(src/*.c)
# SL_HEAP_LIMIT repeats MAXIMUM_MEMORY for the core, which refuses an allocation that could only
# succeed past it (see sl_heap_room in src/seqlab.h).
EMCC_CFLAGS=(-std=c11 -Wall -Wextra -Werror -DSL_HEAP_LIMIT=1073741824)
EMCC_LDFLAGS=(-sMODULARIZE -sEXPORT_ES6 -sENVIRONMENT=web,worker -sEXPORT_NAME=createSeqlabCore
  -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=1gb -sABORTING_MALLOC=0 -sFILESYSTEM=0
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString)
EMCC_FLAGS=(-O3 "${EMCC_CFLAGS[@]}" "${EMCC_LDFLAGS[@]}")
# The lab's core is compiled file by file, each at the level its loops were measured fastest at
# for their size (bench/train.mjs, the attention and LSTM rows of bench/run.mjs, an LSTM training
# step): -O3 everywhere inlined and unrolled all of it into 188 KB of WebAssembly, most of it
# bookkeeping run once per call.
#  - the hand-written SIMD kernels and attention: -O3 (at the training files' level below,
#    attention takes ~10% longer);
#  - the training passes: -O2 without unrolling and without inlining beyond `inline` functions,
#    which trains the Transformer ~7% faster than -O3;
#  - the recurrent cells, whose loops call small helpers per element: the same with a little
#    inlining (-inline-threshold=25; without any, an LSTM training step is ~3% slower than -O3);
#  - everything else (argument checks, counts, tasks, positional tables): -Oz.
# Without -ffast-math clang keeps every float operation in source order at any level: the
# numbers are the same bits as with -O3 everywhere.
declare -A CORE_OPT=(
  [src/kernels.c]="-O3" [src/attention.c]="-O3"
  [src/transformer_train.c]="-O2 -fno-unroll-loops -fno-inline-functions"
  [src/train_recurrent.c]="-O2 -fno-unroll-loops -fno-inline-functions"
  [src/train.c]="-O2 -fno-unroll-loops -fno-inline-functions"
  [src/recurrent.c]="-O2 -fno-unroll-loops -mllvm -inline-threshold=25"
)

build_wasm() {
  # Every sl_ function declared in the public header is exported.
  local exports
  exports="_malloc,_free,$(grep -oE '\bsl_[a-z0-9_]+\(' src/seqlab.h | tr -d '(' | sort -u | sed 's/^/_/' | paste -sd, -)"
  if newer_than wasm/seqlab_core.mjs src build.sh tools/embed-wasm.mjs; then
    ensure_emscripten
    rm -rf build/core && mkdir -p build/core/obj
    say "compiling the C core to WebAssembly (SIMD kernels)"
    local src objs=() level
    for src in "${CORE_SOURCES[@]}"; do
      read -ra level <<<"${CORE_OPT[$src]:--Oz}"
      objs+=("build/core/obj/$(basename "$src" .c).o")
      emcc -msimd128 "${level[@]}" "${EMCC_CFLAGS[@]}" -c "$src" -o "${objs[-1]}" || die "emcc failed on $src"
    done
    # -O3 at the link runs wasm-opt's speed passes over the whole module (-Oz there slows the kernels).
    emcc -O3 "${EMCC_LDFLAGS[@]}" "${objs[@]}" -o build/core/seqlab_core.mjs -sEXPORTED_FUNCTIONS="$exports" \
      || die "emcc failed"
    # The binary travels inside a JS module and is handed to the loader, which then never
    # fetch()es anything (a strict Content-Security-Policy would report that).
    node tools/embed-wasm.mjs build/core/seqlab_core.wasm wasm/seqlab_core_wasm.mjs || die "embedding the binary failed"
    cp build/core/seqlab_core.mjs wasm/seqlab_core.mjs
  fi
  # The same core with the scalar kernels: tests compare the two, the benchmark times both.
  if newer_than build/seqlab_core_scalar.mjs src build.sh; then
    ensure_emscripten
    mkdir -p build
    say "compiling the C core to WebAssembly (scalar kernels, for tests and the benchmark)"
    emcc "${EMCC_FLAGS[@]}" -sSINGLE_FILE "${CORE_SOURCES[@]}" -o build/seqlab_core_scalar.mjs -sEXPORTED_FUNCTIONS="$exports" \
      || die "emcc failed"
  fi
}

build_web() {
  ensure_npm_packages
  if newer_than web/dist/seqlab.js web/src wasm src package-lock.json tools/bundle.mjs tools/katex-mathml.mjs; then
    say "bundling the lab into web/dist/"
    node tools/bundle.mjs || die "bundling failed"
  fi
}

build_all() {
  ensure_npm_packages
  build_wasm
  build_web
}

# ---- testing ----------------------------------------------------------------------------------
# Held to Prettier's layout and ESLint's rules (.prettierrc, eslint.config.js). The rest of the
# JS joins by adding its path here once it has been formatted in one commit.
LINT_PATHS=(web/src tests/browser tests/fixtures/gen_lockstep.mjs wasm/seqlab.mjs wasm/lib wasm/experiments.mjs wasm/experiments tests/node bench tools eslint.config.js)
# The C the project writes (generated fixture headers are left as their scripts write them).
C_FORMAT_PATHS=(src/*.c src/*.h tests/c/*.c tests/c/check.h tests/fuzz/*.c tests/fuzz/*.h bench/*.c bench/*.h)

lint() {
  ensure_npm_packages
  command -v clang-format >/dev/null || apt_install clang-format
  say "format (Prettier, clang-format) and lint (ESLint) of LINT_PATHS and C_FORMAT_PATHS"
  npx --no-install prettier --check --log-level warn "${LINT_PATHS[@]}" \
    || die "not formatted: run npx prettier --write on the files listed"
  npx --no-install eslint --max-warnings 0 "${LINT_PATHS[@]}" || die "lint failed"
  clang-format --dry-run --Werror "${C_FORMAT_PATHS[@]}" || die "C not formatted: run clang-format -i on the files listed"
}

test_native() {
  ensure_native_tools
  mkdir -p build
  say "native C tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
  gcc -std=c11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    -Wall -Wextra -Werror -Isrc "${CORE_SOURCES[@]}" tests/c/*.c -lm -o build/test_native \
    || die "native test build failed"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/test_native
}

# The same native suite compiled to WebAssembly with the SIMD kernels and run in Node: there the
# hand-written kernels meet their scalar twins (bit-identical sums, GELU within its bound).
test_wasm_simd() {
  ensure_emscripten
  mkdir -p build
  if newer_than build/test_simd.cjs src tests/c build.sh; then
    say "compiling the native suite to WebAssembly (SIMD kernels)"
    emcc -msimd128 -O2 -std=c11 -Wall -Wextra -Werror -Isrc "${CORE_SOURCES[@]}" tests/c/*.c \
      -sALLOW_MEMORY_GROWTH -sENVIRONMENT=node -sSINGLE_FILE -o build/test_simd.cjs || die "emcc of the native suite failed"
  fi
  say "native suite in WebAssembly (SIMD kernels against their scalar twins)"
  node build/test_simd.cjs || die "the native suite failed in WebAssembly"
}

# run_fuzz SECONDS — builds every libFuzzer target in tests/fuzz and runs each for SECONDS,
# starting from the committed seed corpus (copied, so the committed files never change).
run_fuzz() {
  ensure_fuzz_tools
  mkdir -p build/fuzz
  local seconds=$1 t name
  for t in tests/fuzz/fuzz_*.c; do
    name=$(basename "$t" .c); name=${name#fuzz_}
    clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc "${CORE_SOURCES[@]}" "$t" -lm \
      -o "build/fuzz/$name" || die "building fuzz target $name failed"
    rm -rf "build/fuzz/work-$name" && mkdir -p "build/fuzz/work-$name" "tests/fuzz/corpus/$name"
    local log="build/fuzz/$name.log"
    if ! (cd build/fuzz && "./$name" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="crash-$name-" \
          "work-$name" "../../tests/fuzz/corpus/$name" >"$name.log" 2>&1); then
      tail -40 "$log"
      die "fuzz target $name failed: the input is in build/fuzz/crash-$name-*"
    fi
    say "fuzz $name: $(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | head -1 | sed 's/ second/ s/'), no crash"
  done
}

test_js() {
  ensure_chromium
  say "Node tests of the JS API and browser tests in headless Chromium"
  node --test --test-concurrency=2 tests/node/ tests/browser/
}

case "$MODE" in
  build) build_all ;;
  test)
    build_all
    lint
    test_native
    test_wasm_simd
    say "fuzzing each C entry point briefly (./build.sh fuzz runs longer)"
    run_fuzz "${FUZZ_SECONDS:-6}"
    test_js
    say "benchmark, quick mode (keeps ./build.sh bench working; its numbers are not checked)"
    BENCH_QUICK=1 node bench/run.mjs
    ;;
  bench)
    build_all
    ensure_native_tools
    node bench/run.mjs
    ;;
  fuzz)
    run_fuzz "${FUZZ_SECONDS:-60}"
    ;;
  experiment)
    build_all
    shift
    node bench/experiments/run.mjs "$@"
    ;;
  lint) lint ;;
  shots)
    build_all
    ensure_chromium
    shift
    node tools/shots.mjs "$@"
    ;;
  serve)
    build_all
    exec node tools/serve.mjs web "${PORT:-8000}"
    ;;
  *) die "unknown command '$MODE' (use: ./build.sh, ./build.sh test, ./build.sh build, ./build.sh bench, ./build.sh fuzz, ./build.sh lint, ./build.sh shots, ./build.sh experiment NAME)" ;;
esac
