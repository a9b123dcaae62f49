package dispatch

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"

	"github.com/simdla/simdla/kernels"
)

// Feature is a CPU feature and whether this CPU has it.
type Feature struct {
	Name    string
	Present bool
}

// Kernel says which ISA's function runs for one kernel of one element type.
type Kernel struct {
	Name string      // field of the kernels table: "Dot", "DotInc"
	Type string      // "float32" or "float64"
	ISA  kernels.ISA // ISA of the function in use
}

// Kernels reports, for every kernel in use, the ISA of its function. A
// table may borrow a lower level's kernel (AVX-512 uses AVX2's strided
// loops), so this can differ from ISA().
func Kernels() []Kernel {
	return append(report("float32", &active.F32), report("float64", &active.F64)...)
}

// report walks the function fields of a kernels table: those of embedded
// structs as its own, those of other struct fields as "Field.Func", and the
// elements of slices of functions as "Field.Funcs[i]".
func report(typ string, table any) []Kernel {
	return walk(typ, "", reflect.ValueOf(table).Elem())
}

func walk(typ, prefix string, v reflect.Value) []Kernel {
	var out []Kernel
	for _, f := range reflect.VisibleFields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		switch {
		case f.Type.Kind() == reflect.Func:
			name := runtime.FuncForPC(fv.Pointer()).Name()
			out = append(out, Kernel{Name: prefix + f.Name, Type: typ, ISA: isaOfFunc(name)})
		case f.Type.Kind() == reflect.Struct && !f.Anonymous:
			out = append(out, walk(typ, prefix+f.Name+".", fv)...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Func:
			for i := range fv.Len() {
				if e := fv.Index(i); !e.IsNil() {
					name := runtime.FuncForPC(e.Pointer()).Name()
					out = append(out, Kernel{Name: fmt.Sprintf("%s%s[%d]", prefix, f.Name, i), Type: typ, ISA: isaOfFunc(name)})
				}
			}
		}
	}
	return out
}

// isaOfFunc reads the ISA from a kernel's function name: the assembly
// kernels end in their ISA's upper-case name, and the rest are generic.
func isaOfFunc(name string) kernels.ISA {
	for _, isa := range kernels.ISAs {
		if isa != kernels.Generic && strings.HasSuffix(name, strings.ToUpper(isa.String())) {
			return isa
		}
	}
	return kernels.Generic
}
