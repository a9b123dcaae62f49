// Command simdla reports what simdla runs on this machine and measures it
// against its peers.
//
//	simdla info               CPU features, ISA level, and the kernel in use for each operation
//	simdla bench [flags]      side-by-side benchmarks, printed as a Markdown table
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "info":
		info(os.Stdout)
	case "bench":
		if err := benchCmd(os.Args[2:], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "simdla bench:", err)
			os.Exit(2)
		}
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: simdla info | simdla bench [-full] [-group level1|gemm|lapack|conv|nn|all] [-only 'square 512'] [-rounds 3] [-batch 20ms] [-json file]")
	os.Exit(2)
}
