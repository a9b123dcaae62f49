// Package dispatch picks, once at start-up, the kernels the running CPU
// executes best, and reports its choice.
//
// The choice is the best ISA level that both this build and the CPU have,
// in the order of kernels.ISAs; every level's suite has passed on real
// hardware (kernels/README.md records where). The environment variable
// SIMDLA_ISA
// (generic, avx2, avx512 or neon) forces a level; if the CPU or the build
// lacks it, dispatch warns once on standard error and uses the best level it
// has, so that asking never ends in an illegal instruction. The build tag
// purego removes all assembly, leaving the generic level.
package dispatch

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/simdla/simdla/kernels"
)

// EnvISA is the environment variable that forces an ISA level.
const EnvISA = "SIMDLA_ISA"

var active = choose(os.Getenv(EnvISA))

// ISA returns the ISA level whose kernels run.
func ISA() kernels.ISA { return active.ISA }

// F64 returns the float64 kernels in use.
func F64() *kernels.Float64 { return &active.F64 }

// F32 returns the float32 kernels in use.
func F32() *kernels.Float32 { return &active.F32 }

// Available returns every ISA level that both this build and this CPU can
// run, generic first. Tests and benchmarks use it to reach each table with
// kernels.For.
func Available() []kernels.ISA {
	var out []kernels.ISA
	for _, isa := range kernels.ISAs {
		if _, ok := kernels.For(isa); ok && cpuHas(isa) {
			out = append(out, isa)
		}
	}
	return out
}

// choose returns the table for the level env asks for, or the best one.
func choose(env string) *kernels.Set {
	avail := Available()
	best := avail[len(avail)-1]
	want := best
	if env != "" {
		isa, err := kernels.ParseISA(env)
		switch {
		case err != nil:
			warn("%v; using %s", err, best)
		case !slices.Contains(Available(), isa):
			warn("%s=%s: this CPU or build cannot run %s; using %s", EnvISA, env, isa, best)
		default:
			want = isa
		}
	}
	set, _ := kernels.For(want)
	return set
}

// warnings receives dispatch's warnings.
var warnings io.Writer = os.Stderr

func warn(format string, args ...any) {
	fmt.Fprintf(warnings, "simdla: "+format+"\n", args...)
}
