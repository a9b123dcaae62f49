package table

import (
	"fmt"
	"strings"
)

// Gemm is the configuration of one ISA's GEMM for one element type: the
// micro-kernel's tile, MR rows of C by NR columns, and the cache blocks the
// driver uses around it (kernels.Gemm documents each).
type Gemm struct {
	MR, NR     int
	MC, KC, NC int
	// ColumnPanels asks the driver to pack A into column panels, for
	// kernels that load a step's MR elements of A as vectors.
	ColumnPanels bool
}

// Heights lists the heights of the kernels written for the tile: MR and the
// powers of two below it, from which the driver covers any number of
// leftover rows without computing rows it then discards.
func (g Gemm) Heights() []int {
	hs := []int{g.MR}
	for h := 1; h < g.MR; h *= 2 {
		hs = append(hs, h)
	}
	return hs
}

// Widths lists the widths of the kernels: NR, and NR/2 for the columns
// left over at the right of C.
func (g Gemm) Widths() []int { return []int{g.NR, g.NR / 2} }

// KernelName is the name of the micro-kernel of h rows by w columns for
// element type elem ("F64") on the ISA whose function names end in suffix;
// pack names the kernel that also packs B.
func KernelName(h, w int, elem, suffix string, pack bool) string {
	stem := "gemm"
	if pack {
		stem = "gemmPack"
	}
	return fmt.Sprintf("%s%dx%d%s%s", stem, h, w, elem, suffix)
}

// Literal is g as a kernels.Gemm of Go element type goType, with room
// for the kernels of every height, which the generators register one by
// one (Field).
func (g Gemm) Literal(goType string) string {
	return fmt.Sprintf("Gemm[%s]{MR: %d, NR: %d, MC: %d, KC: %d, NC: %d, ColumnPanels: %t, FullWidth: make([]GemmKernel[%[1]s], %[8]d), HalfWidth: make([]GemmKernel[%[1]s], %[8]d)}",
		goType, g.MR, g.NR, g.MC, g.KC, g.NC, g.ColumnPanels, g.MR+1)
}

// Field is the table entry of the micro-kernel of h rows by w columns:
// "Gemm.FullWidth[h]" for w = NR, "Gemm.HalfWidth[h]" for w = NR/2, and
// "Gemm.FullWidthPacking" for the whole tile that packs B.
func (g Gemm) Field(h, w int, pack bool) string {
	switch {
	case pack:
		return "Gemm.FullWidthPacking"
	case w == g.NR:
		return fmt.Sprintf("Gemm.FullWidth[%d]", h)
	}
	return fmt.Sprintf("Gemm.HalfWidth[%d]", h)
}

// Param is a parameter of a generated function: its name and Go type, in
// which T stands for the element type.
type Param struct{ Name, Type string }

// KernelParams lists the micro-kernel's parameters (kernels.GemmKernel),
// or with pack those of the kernel that packs B (kernels.GemmPackKernel).
func KernelParams(pack bool) []Param {
	ps := []Param{{"tiles", "int"}, {"k", "int"}, {"alpha", "T"}, {"a", "*T"}, {"rsa", "int"}, {"csa", "int"}, {"nexta", "int"},
		{"b", "*T"}, {"rsb", "int"}}
	if pack {
		ps = append(ps, Param{"bp", "*T"})
	}
	ps = append(ps, Param{"beta", "T"}, Param{"c", "*T"}, Param{"ldc", "int"})
	if !pack {
		ps = append(ps, Param{"pf", "uintptr"}, Param{"pfs", "int"})
	}
	return ps
}

// SmallKParams lists the parameters of the kernel for small k
// (kernels.SmallKKernel).
func SmallKParams() []Param {
	return []Param{{"rows", "int"}, {"n", "int"}, {"k", "int"}, {"alpha", "T"}, {"a", "*T"}, {"rsa", "int"}, {"csa", "int"},
		{"b", "*T"}, {"ldb", "int"}, {"beta", "T"}, {"c", "*T"}, {"ldc", "int"}}
}

// Signature writes ps as a Go function type for element type goType.
func Signature(ps []Param, goType string) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name+" "+strings.ReplaceAll(p.Type, "T", goType))
	}
	return "func(" + strings.Join(s, ", ") + ")"
}
