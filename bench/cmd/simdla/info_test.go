package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/simdla/simdla/dispatch"
	"github.com/simdla/simdla/kernels"
)

// TestInfoNamesGemmKernel checks that info names the ISA of the GEMM
// micro-kernel that runs: the level dispatch chose wherever it has GEMM
// kernels (arm64 has none yet).
func TestInfoNamesGemmKernel(t *testing.T) {
	var out bytes.Buffer
	info(&out)
	isa := kernelISA(gemmKernel(dispatch.F64().Gemm.MR), "float64")
	want := "gemm: float64 " + isa.String() + " "
	if !strings.Contains(out.String(), want) {
		t.Fatalf("info lacks %q:\n%s", want, out.String())
	}
	if dispatch.ISA() != kernels.NEON && isa != dispatch.ISA() {
		t.Errorf("GEMM kernel is %v, dispatch chose %v", isa, dispatch.ISA())
	}
}
