# simdla: `make test` runs the whole test matrix, `make bench` the benchmarks.
GO ?= go
QEMU_ARM64 := $(shell command -v qemu-aarch64-static)
QEMU_X86 := $(shell command -v qemu-x86_64-static)
# An AVX2-only CPU for qemu: Haswell, less the features TCG does not emulate.
HASWELL := Haswell,-pcid,-x2apic,-tsc-deadline,-hle,-invpcid,-rtm
ARCH := $(shell $(GO) env GOARCH)

.PHONY: test bench generate check fuzz avx512

test:
	$(GO) test -count=1 ./...
ifeq ($(ARCH),amd64)
	SIMDLA_ISA=avx2 $(GO) test -count=1 ./dispatch ./kernels ./internal/gemm ./blas
	SIMDLA_ISA=avx512 $(GO) test -count=1 ./dispatch ./kernels ./internal/gemm ./blas
endif
	SIMDLA_ISA=generic $(GO) test -count=1 ./...
	$(GO) test -count=1 -tags purego ./...
	cd gen && $(GO) test -count=1 ./...
ifneq ($(QEMU_ARM64),)
	GOARCH=arm64 $(GO) test -count=1 -exec $(QEMU_ARM64) ./...
	# NEON on the oldest ARMv8-A core qemu models; dispatch must pick it.
	GOARCH=arm64 SIMDLA_ISA=neon $(GO) test -count=1 -exec "$(QEMU_ARM64) -cpu cortex-a53" ./dispatch ./kernels ./internal/gemm
	GOARCH=arm64 $(GO) run -exec $(QEMU_ARM64) ./bench/cmd/simdla info | grep '^isa: neon (chosen automatically'
else
	@echo "make test: qemu-aarch64-static not found; skipping the arm64 run (apt-get install qemu-user-static)"
endif
ifeq ($(ARCH),amd64)
ifneq ($(QEMU_X86),)
	# Dispatch on an AVX2-only CPU. (The kernel suites run natively: qemu
	# 7.2 over-reads the memory operand of scalar FMA, which the guard pages
	# report.)
	$(GO) test -count=1 -exec "$(QEMU_X86) -cpu $(HASWELL)" ./dispatch
	$(GO) run -exec "$(QEMU_X86) -cpu $(HASWELL)" ./bench/cmd/simdla info | grep '^isa: avx2 '
endif
endif

# The C peers (OpenBLAS, BLIS) join the benchmarks where cgo and Debian's
# libraries are there: apt-get install libopenblas-dev libblis-dev libblis4-pthread.
PEERS := $(shell command -v gcc >/dev/null && test -e /usr/lib/$$(gcc -dumpmachine)/libopenblas.so.0 && echo -tags peers)
RESULTS := bench/results

# make bench takes some 7 to 9 minutes on a 2-core AMD EPYC and prints its
# progress on standard error (the conv table, simdla against the PyTorch
# peer where python3 imports torch, under a minute of it; alone:
# go run ./bench/cmd/simdla bench -group conv); make bench FULL=1 is the run
# the README's tables come from: more rounds, and the decompositions at
# n = 2000 (over 20 minutes).
bench:
	mkdir -p $(RESULTS)
	$(GO) run $(PEERS) ./bench/cmd/simdla bench -group all $(if $(FULL),-full) -json $(RESULTS)/gemm.json | tee $(RESULTS)/tables.md
	cd bench/plot && $(GO) run . -in ../../$(RESULTS)/gemm.json -out ../../docs

generate:
	$(GO) generate ./...

# check is what CI verifies besides the tests.
check:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...
	GOARCH=arm64 $(GO) vet ./...
	$(GO) vet -tags purego ./...
	cd gen && $(GO) vet ./...
	cd bench/plot && $(GO) vet ./...
	$(GO) generate ./...
	@test -z "$$(git status --porcelain -- kernels)" || { git status --porcelain -- kernels; echo "go generate changed the generated files"; exit 1; }
	@! grep -nE '\b[XY](1[6-9]|2[0-9]|3[01])\b' kernels/*avx2*.s || { echo "AVX2 assembly names a register that needs AVX-512"; exit 1; }

fuzz:
	$(GO) test ./kernels -run '^$$' -fuzz FuzzKernels -fuzztime 60s

# avx512 runs the AVX-512 suite and benchmarks; see scripts/avx512.sh.
avx512:
	scripts/avx512.sh
