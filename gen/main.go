// Command gen writes simdla's generated assembly, its Go declarations and
// the kernel tables into the kernels package: for every kernel family and
// every ISA, the files <family>_<isa>_amd64.s and <family>_<isa>_amd64.go,
// for every family <family>_neon_arm64.s and <family>_neon_arm64.go, and
// the tables those kernels fill, table_amd64.go and table_arm64.go.
//
// Run it with `go generate ./...` at the root of the simdla module.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"

	"github.com/simdla/simdla/gen/amd64"
	"github.com/simdla/simdla/gen/arm64"
	"github.com/simdla/simdla/gen/table"
)

func main() {
	dir := flag.String("dir", "../kernels", "directory of package kernels")
	flag.Parse()
	if err := generate(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate writes every family's assembly and declarations, and the tables
// the kernels fill: table_amd64.go (AVX2, AVX-512) and table_arm64.go (NEON).
func generate(dir string) error {
	var x86 []*table.Table
	byISA := map[string]*table.Table{}
	for _, isa := range amd64.ISAs {
		tbl := table.New(isa.Name, isa.Suffix, fmt.Sprintf("the table of %s kernels (%s)", isa.Suffix, isa.Requires))
		for _, fam := range amd64.Families {
			if err := write(dir, fam, isa, tbl); err != nil {
				return err
			}
		}
		if isa.Borrows != nil {
			tbl.Borrow(byISA[isa.Borrows.Name])
		}
		byISA[isa.Name] = tbl
		x86 = append(x86, tbl)
	}
	if err := writeTables(dir, "amd64", x86); err != nil {
		return err
	}
	neon := table.New("neon", "NEON", "the table of arm64 Advanced SIMD kernels")
	for _, fam := range arm64.Families {
		if err := writeARM64(dir, fam, neon); err != nil {
			return err
		}
	}
	return writeTables(dir, "arm64", []*table.Table{neon})
}

// writeTables writes the tables of one architecture.
func writeTables(dir, arch string, tables []*table.Table) error {
	src, err := table.Source("!purego", tables)
	if err != nil {
		return fmt.Errorf("table_%s.go: %w", arch, err)
	}
	return os.WriteFile(filepath.Join(dir, "table_"+arch+".go"), src, 0o644)
}

// writeARM64 generates one family's NEON kernels into tbl.
func writeARM64(dir string, fam arm64.Family, tbl *table.Table) error {
	f := &arm64.File{Table: tbl}
	fam.Generate(f)
	stem := filepath.Join(dir, fam.Name+"_neon_arm64")
	if err := os.WriteFile(stem+".s", f.Assembly(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(stem+".go", f.Declarations(), 0o644)
}

// write generates one family for one ISA into tbl, if the family has
// kernels for it.
func write(dir string, fam amd64.Family, isa amd64.ISA, tbl *table.Table) error {
	f := amd64.NewFile(isa, tbl)
	fam.Generate(f)
	file, err := f.Result()
	if err != nil {
		return fmt.Errorf("%s/%s: %w", fam.Name, isa.Name, err)
	}
	if len(file.Functions()) == 0 {
		return nil
	}
	if err := pass.Compile.Execute(file); err != nil {
		return fmt.Errorf("%s/%s: %w", fam.Name, isa.Name, err)
	}
	cfg := printer.Config{Name: "simdla/gen", Pkg: "kernels"}
	stem := filepath.Join(dir, fmt.Sprintf("%s_%s_amd64", fam.Name, isa.Name))
	for ext, p := range map[string]printer.Printer{".s": printer.NewGoAsm(cfg), ".go": printer.NewStubs(cfg)} {
		src, err := p.Print(file)
		if err != nil {
			return fmt.Errorf("%s%s: %w", stem, ext, err)
		}
		if err := os.WriteFile(stem+ext, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}
