package kernels

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestTablesComplete checks every table this build has: every function
// entry is set, the ISA the table records for it is the one whose code its
// function is (named by the generated function's suffix; generic code has
// none), and the GEMM's transposing packer is Transpose.
func TestTablesComplete(t *testing.T) {
	for _, s := range compiled {
		borrowed := 0
		for _, tb := range []struct {
			prefix string
			table  any
		}{{"F32", &s.F32}, {"F64", &s.F64}} {
			walk(reflect.ValueOf(tb.table).Elem(), "", func(name string, fn reflect.Value) {
				entry := tb.prefix + "." + name
				if fn.IsNil() {
					t.Errorf("%s: %s is nil", s.ISA, entry)
					return
				}
				if got, want := isaOfSymbol(runtime.FuncForPC(fn.Pointer()).Name()), s.Origin(entry); got != want {
					t.Errorf("%s: %s runs %s code, but the table records %s", s.ISA, entry, got, want)
				}
				if s.Origin(entry) != s.ISA {
					borrowed++
				}
			})
		}
		if reflect.ValueOf(s.F64.Transpose).Pointer() != reflect.ValueOf(s.F64.Gemm.PackTransposed).Pointer() ||
			reflect.ValueOf(s.F32.Transpose).Pointer() != reflect.ValueOf(s.F32.Gemm.PackTransposed).Pointer() {
			t.Errorf("%s: Gemm.PackTransposed is not Transpose", s.ISA)
		}
		t.Logf("%s: %d entries borrowed", s.ISA, borrowed)
	}
}

// isaOfSymbol reads the ISA from a kernel's symbol: generated functions end
// in their ISA's upper-case name, and the rest are the generic definitions.
func isaOfSymbol(name string) ISA {
	for _, isa := range ISAs {
		if isa != Generic && strings.HasSuffix(name, strings.ToUpper(isa.String())) {
			return isa
		}
	}
	return Generic
}
