// Command gen writes simdla's generated assembly and its Go declarations into
// the kernels package: for every kernel family and every ISA, the files
// <family>_<isa>_amd64.s and <family>_<isa>_amd64.go, and for every family
// <family>_neon_arm64.s and <family>_neon_arm64.go.
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
)

func main() {
	dir := flag.String("dir", "../kernels", "directory of package kernels")
	flag.Parse()
	for _, fam := range amd64.Families {
		for _, isa := range amd64.ISAs {
			if err := write(*dir, fam, isa); err != nil {
				fmt.Fprintln(os.Stderr, "gen:", err)
				os.Exit(1)
			}
		}
	}
	for _, fam := range arm64.Families {
		if err := writeARM64(*dir, fam); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// writeARM64 generates one family's NEON kernels.
func writeARM64(dir string, fam arm64.Family) error {
	f := &arm64.File{}
	fam.Generate(f)
	stem := filepath.Join(dir, fam.Name+"_neon_arm64")
	if err := os.WriteFile(stem+".s", f.Assembly(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(stem+".go", f.Declarations(), 0o644)
}

// write generates one family for one ISA, if the family has kernels for it.
func write(dir string, fam amd64.Family, isa amd64.ISA) error {
	f := amd64.NewFile(isa)
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
