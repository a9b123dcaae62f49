#!/usr/bin/env bash
# avx512.sh runs simdla's AVX-512 test suite and benchmarks in one call, on
# any x86-64 machine whose CPU has AVX-512 (F, DQ, BW, VL). Record what it
# prints in kernels/README.md.
#
#	scripts/avx512.sh            tests, then benchmarks
#	scripts/avx512.sh -short     tests only
set -euo pipefail
cd "$(dirname "$0")/.."

for f in avx512f avx512dq avx512bw avx512vl; do
	if ! grep -qw "$f" /proc/cpuinfo; then
		echo "avx512.sh: this CPU lacks $f; nothing to check here" >&2
		exit 1
	fi
done
echo "== $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(go version)"
echo "== commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
export SIMDLA_ISA=avx512
go run ./bench/cmd/simdla info
go test -count=1 ./dispatch ./kernels ./internal/gemm ./blas
go test -count=1 ./kernels -run '^$' -fuzz FuzzKernels -fuzztime 30s
go test -count=1 ./internal/gemm -run '^$' -fuzz FuzzRun -fuzztime 30s
if [ "${1:-}" != "-short" ]; then
	go run ./bench/cmd/simdla bench -group all
fi
