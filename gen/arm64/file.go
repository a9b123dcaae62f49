// Package arm64 generates simdla's NEON kernels as Plan 9 arm64 assembly.
//
// avo has no arm64 backend, so this package is a small emitter of its own:
// a File collects functions, each a Go signature and lines of assembly, and
// prints the .s file and the Go declarations. Instructions the Go assembler
// lacks (vector FADD, FMUL, FMAX, FADDP, FCVTL, ...) are written as WORD
// with the instruction in a comment; enc.go encodes them, and its test
// checks every encoding against go tool objdump.
//
// The kernel families mirror package gen/amd64's, kernel for kernel, with
// the same table fields and contracts. Their descriptions are not shared:
// amd64's bodies are written in avo's operand types.
package arm64

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/simdla/simdla/gen/table"
)

// File is one generated assembly file: the NEON kernels of one family,
// each registered in the NEON table as it is written.
type File struct {
	Table *table.Table
	funcs []*Func
}

// Func is one assembly function being written.
type Func struct {
	Name, Doc string
	params    []Param
	results   []Param
	lines     []string
	labels    int
}

// Param is a parameter or result of a kernel: Kind is "slice", "ints"
// (a []int), "int32s" (a []int32), "int", "uintptr", "ptr" or "float", and
// T the element type of a slice, pointer or float.
type Param struct {
	Name string
	Kind string
	T    Elem
}

func Slice(name string, t Elem) Param { return Param{name, "slice", t} }
func Ints(name string) Param          { return Param{name, "ints", Elem{}} }
func Int32s(name string) Param        { return Param{name, "int32s", Elem{}} }
func Int(name string) Param           { return Param{name, "int", Elem{}} }
func Ptr(name string, t Elem) Param   { return Param{name, "ptr", t} }
func Float(name string, t Elem) Param { return Param{name, "float", t} }
func Uintptr(name string) Param       { return Param{name, "uintptr", Elem{}} }

// paramsOf turns a shared description of parameters, in which T is the
// element type, into this emitter's, for element type t.
func paramsOf(t Elem, ps []table.Param) []Param {
	var out []Param
	for _, p := range ps {
		out = append(out, map[string]Param{"int": Int(p.Name), "uintptr": Uintptr(p.Name), "T": Float(p.Name, t), "*T": Ptr(p.Name, t)}[p.Type])
	}
	return out
}

func (p Param) size() int {
	switch p.Kind {
	case "slice", "ints", "int32s":
		return 24
	case "float":
		return p.T.Size
	}
	return 8
}

func (p Param) goType() string {
	switch p.Kind {
	case "slice":
		return "[]" + p.T.Go
	case "ints":
		return "[]int"
	case "int32s":
		return "[]int32"
	case "int":
		return "int"
	case "uintptr":
		return "uintptr"
	case "ptr":
		return "*" + p.T.Go
	}
	return p.T.Go
}

// Function starts the function name, the entry field of t's table, with
// params and results; doc is its comment in the Go declarations.
func (f *File) Function(t Elem, field, name, doc string, params, results []Param) *Func {
	f.Table.Func(t.Name, field, name)
	fn := &Func{Name: name, Doc: doc, params: params, results: results}
	f.funcs = append(f.funcs, fn)
	return fn
}

// layout returns the ABI0 frame offsets of the parameters and results and
// the size of the argument frame.
func (fn *Func) layout() (params, results []int, size int) {
	off := 0
	place := func(ps []Param) []int {
		var offs []int
		for _, p := range ps {
			align := min(p.size(), 8)
			off = (off + align - 1) / align * align
			offs = append(offs, off)
			off += p.size()
		}
		return offs
	}
	params = place(fn.params)
	off = (off + 7) / 8 * 8 // results start pointer-aligned
	results = place(fn.results)
	return params, results, off
}

// Arg returns the frame operand of parameter name: its base pointer for a
// slice ("x_base+0(FP)"), or field "len" of it when field is given.
func (fn *Func) Arg(name string, field ...string) string {
	offs, _, _ := fn.layout()
	for i, p := range fn.params {
		if p.Name != name {
			continue
		}
		if p.size() != 24 {
			return fmt.Sprintf("%s+%d(FP)", name, offs[i])
		}
		f := "base"
		if len(field) > 0 {
			f = field[0]
		}
		return fmt.Sprintf("%s_%s+%d(FP)", name, f, offs[i]+map[string]int{"base": 0, "len": 8, "cap": 16}[f])
	}
	panic("gen: no parameter " + name)
}

// Ret returns the frame operand of result i.
func (fn *Func) Ret(i int) string {
	_, offs, _ := fn.layout()
	name := fn.results[i].Name
	if len(fn.results) == 1 {
		name = "ret"
	}
	return fmt.Sprintf("%s+%d(FP)", name, offs[i])
}

// I emits one instruction in Go assembler syntax.
func (fn *Func) I(format string, args ...any) {
	fn.lines = append(fn.lines, "\t"+fmt.Sprintf(format, args...))
}

// W emits an instruction the Go assembler lacks, as its encoding.
func (fn *Func) W(in Inst) {
	fn.lines = append(fn.lines, fmt.Sprintf("\tWORD $0x%08x // %s", in.Word, in.Go))
}

// Label returns a new label name unique in the function.
func (fn *Func) Label(stem string) string {
	fn.labels++
	return fmt.Sprintf("%s%d", stem, fn.labels)
}

// Place puts label l at the current position.
func (fn *Func) Place(l string) { fn.lines = append(fn.lines, l+":") }

// Comment emits a comment line.
func (fn *Func) Comment(text string) { fn.lines = append(fn.lines, "\t// "+text) }

const header = "// Code generated by simdla/gen. DO NOT EDIT.\n\n//go:build !purego\n\n"

// Assembly returns the .s file.
func (f *File) Assembly() []byte {
	var b bytes.Buffer
	b.WriteString(header + "#include \"textflag.h\"\n")
	for _, fn := range f.funcs {
		_, _, size := fn.layout()
		fmt.Fprintf(&b, "\n// func %s%s\nTEXT ·%s(SB), NOSPLIT, $0-%d\n", fn.Name, fn.signature(), fn.Name, size)
		for _, l := range fn.lines {
			b.WriteString(l + "\n")
		}
		b.WriteString("\tRET\n")
	}
	return b.Bytes()
}

// Declarations returns the Go file declaring the functions.
func (f *File) Declarations() []byte {
	var b bytes.Buffer
	b.WriteString(header + "package kernels\n")
	for _, fn := range f.funcs {
		fmt.Fprintf(&b, "\n// %s %s\n//\n//go:noescape\nfunc %s%s\n", fn.Name, fn.Doc, fn.Name, fn.signature())
	}
	return b.Bytes()
}

func (fn *Func) signature() string {
	var ps []string
	for _, p := range fn.params {
		ps = append(ps, p.Name+" "+p.goType())
	}
	sig := "(" + strings.Join(ps, ", ") + ")"
	switch len(fn.results) {
	case 0:
	case 1:
		sig += " " + fn.results[0].goType()
	default:
		var rs []string
		for _, r := range fn.results {
			rs = append(rs, r.Name+" "+r.goType())
		}
		sig += " (" + strings.Join(rs, ", ") + ")"
	}
	return sig
}

// FMLA emits Vd += Vn*Vm on vectors of t (the Go assembler's VFMLA).
func (fn *Func) FMLA(t Elem, d, n, m int) {
	fn.I("VFMLA V%d.%s, V%d.%s, V%d.%s", m, t.Arr(), n, t.Arr(), d, t.Arr())
}

// Zero clears vector register v.
func (fn *Func) Zero(v int) { fn.I("VEOR V%d.B16, V%d.B16, V%d.B16", v, v, v) }

// BroadcastArg fills vector register v with the scalar parameter name of
// type t.
func (fn *Func) BroadcastArg(t Elem, name string, v int) {
	fn.I("FMOV%s %s, F%d", t.Suffix(), fn.Arg(name), v)
	fn.Broadcast(t, v)
}

// Broadcast copies lane 0 of vector register v, of type t, to every lane.
func (fn *Func) Broadcast(t Elem, v int) {
	fn.I("VDUP V%d.%s[0], V%d.%s", v, t.Suffix(), v, t.Arr())
}
