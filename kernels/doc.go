// Package kernels holds simdla's compute kernels: for every ISA a table of
// functions with one contract each, the pure-Go definition of every kernel
// (the generic table), and the assembly that gen/ writes for AVX2, AVX-512
// and NEON, with the tables that assembly fills (table_amd64.go,
// table_arm64.go). README.md gives the recipe for a new kernel family.
//
// Kernels check nothing. They trust their callers for lengths, increments
// and aliasing, and the assembly has no bounds checks: the packages above
// (blas, and later conv and nn) validate every argument before a kernel
// runs. Call those packages, not these functions, unless you uphold each
// contract yourself.
//
// Strided kernels, whose names end in Inc, walk their slices as reference
// BLAS does: element i of x is x[i*incX] when incX > 0 and x[(i+1-n)*incX]
// when incX < 0, and the slice must hold every element visited.
//
// Package dispatch picks the table for the running CPU.
package kernels

//go:generate go run -C ../gen . -dir ../kernels
