package dispatch

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/simdla/simdla/kernels"
)

func captureWarnings(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	old := warnings
	warnings = &buf
	t.Cleanup(func() { warnings = old })
	return &buf
}

func TestChooseHonoursAvailableLevels(t *testing.T) {
	for _, isa := range Available() {
		w := captureWarnings(t)
		if got := choose(isa.String()); got.ISA != isa {
			t.Errorf("choose(%q) = %s", isa, got.ISA)
		}
		if w.Len() > 0 {
			t.Errorf("choose(%q) warned: %s", isa, w)
		}
	}
}

func TestChooseFallsBackWithAWarning(t *testing.T) {
	best := choose("").ISA
	for _, env := range []string{"sse9", "neon", "avx512", "avx2"} {
		if isa, err := kernels.ParseISA(env); err == nil && slices.Contains(Available(), isa) {
			continue // not a fallback on this machine
		}
		w := captureWarnings(t)
		if got := choose(env).ISA; got != best {
			t.Errorf("choose(%q) = %s, want the best available, %s", env, got, best)
		}
		if !strings.Contains(w.String(), "simdla:") || !strings.Contains(w.String(), best.String()) {
			t.Errorf("choose(%q) warning %q does not say what runs", env, w)
		}
	}
}

// TestActiveLevel is what CI relies on when it runs the suites under each
// SIMDLA_ISA: the level asked for is the one that runs, and every kernel
// runs its code or, where the table borrows an entry, the code of another
// SIMD level this CPU runs too (never the generic loops).
func TestActiveLevel(t *testing.T) {
	env := os.Getenv(EnvISA)
	if env == "" {
		t.Skipf("%s is not set", EnvISA)
	}
	want, err := kernels.ParseISA(env)
	if err != nil || !slices.Contains(Available(), want) {
		if ISA() != choose("").ISA {
			t.Fatalf("%s=%s cannot run here, but dispatch chose %s over the best level", EnvISA, env, ISA())
		}
		t.Skipf("%s=%s cannot run on this CPU and build", EnvISA, env)
	}
	if ISA() != want {
		t.Fatalf("%s=%s, but %s runs", EnvISA, env, ISA())
	}
	borrowed := 0
	for _, k := range Kernels() {
		switch {
		case k.ISA == want:
		case k.ISA == kernels.Generic || !slices.Contains(Available(), k.ISA):
			t.Errorf("%s %s runs %s code under %s=%s", k.Type, k.Name, k.ISA, EnvISA, env)
		default:
			borrowed++
		}
	}
	t.Logf("%s: %d of %d kernels borrow another level's code", want, borrowed, len(Kernels()))
}

// TestSIMDPresentWhereExpected fails when a build that should have SIMD
// kernels for this CPU silently fell back to generic ones.
func TestSIMDPresentWhereExpected(t *testing.T) {
	var want []kernels.ISA
	for _, isa := range []kernels.ISA{kernels.NEON, kernels.AVX2, kernels.AVX512} {
		if _, ok := kernels.For(isa); ok && cpuHas(isa) {
			want = append(want, isa)
		}
	}
	for _, isa := range want {
		if !slices.Contains(Available(), isa) {
			t.Errorf("the CPU and build have %s, but dispatch does not offer it", isa)
		}
	}
	if len(want) > 0 && os.Getenv(EnvISA) == "" && ISA() == kernels.Generic {
		t.Errorf("dispatch runs generic kernels on a CPU with %v", want)
	}
}
