package arm64

// Family is one kernel family: its generator writes the family's NEON
// kernels into a file.
type Family struct {
	Name     string // file name stem: "dot" gives dot_neon_arm64.s
	Generate func(f *File)
}

// Families lists every kernel family, in the order of gen/amd64's.
var Families = []Family{
	{"dot", dot},
	{"axpy", axpy},
	{"scal", scal},
	{"copy", copyInc},
	{"swap", swap},
	{"asum", asum},
	{"nrm2", nrm2},
	{"maxabs", maxAbs},
	{"rot", rot},
	{"reduce", reductions},
	{"rows", rows},
	{"gemm", gemm},
	{"pack", pack},
	{"peak", peak},
}

// perElem generates the stream that build returns for each element type.
func perElem(f *File, build func(t Elem) *Stream) {
	for _, t := range Elems {
		build(t).Generate(f)
	}
}
