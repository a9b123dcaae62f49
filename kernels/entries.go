package kernels

import (
	"fmt"
	"reflect"
)

// Entry is one function of a table: a kernel of one element type.
type Entry struct {
	Name string // its field in Vec, Float32 or Float64: "Dot", "Gemm.FullWidth[14]"
	Type string // "float32" or "float64"
	ISA  ISA    // the ISA of its code (Origin)
}

// Entries lists every function of the table, float32 first, in the order
// of the fields: those of embedded structs as the table's own, those of
// other struct fields as "Field.Func", and the elements of slices of
// functions as "Field.Funcs[i]" (nil elements left out).
func (s *Set) Entries() []Entry {
	var out []Entry
	for _, t := range []struct {
		prefix, typ string
		table       any
	}{{"F32", "float32", &s.F32}, {"F64", "float64", &s.F64}} {
		walk(reflect.ValueOf(t.table).Elem(), "", func(name string, _ reflect.Value) {
			out = append(out, Entry{Name: name, Type: t.typ, ISA: s.Origin(t.prefix + "." + name)})
		})
	}
	return out
}

// walk calls visit for every function field of the struct v, and every
// non-nil function in a slice field, with its name below v.
func walk(v reflect.Value, prefix string, visit func(name string, fn reflect.Value)) {
	for _, f := range reflect.VisibleFields(v.Type()) {
		fv := v.FieldByIndex(f.Index)
		switch {
		case !f.IsExported():
		case f.Type.Kind() == reflect.Func:
			visit(prefix+f.Name, fv)
		case f.Type.Kind() == reflect.Struct && !f.Anonymous:
			walk(fv, prefix+f.Name+".", visit)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Func:
			for i := range fv.Len() {
				if e := fv.Index(i); !e.IsNil() {
					visit(fmt.Sprintf("%s%s[%d]", prefix, f.Name, i), e)
				}
			}
		}
	}
}
