package arm64

// Family is one kernel family: its generator writes the family's NEON
// kernels into a file.
type Family struct {
	Name     string // file name stem: "dot" gives dot_neon_arm64.s
	Generate func(f *File)
}

// Families lists every kernel family. Each generator file registers its
// own (register, from an init function), so a new family is one new file.
var Families []Family

// register adds a family to Families.
func register(name string, generate func(f *File)) {
	Families = append(Families, Family{Name: name, Generate: generate})
}

// perElem generates the stream that build returns for each element type.
func perElem(f *File, build func(t Elem) *Stream) {
	for _, t := range Elems {
		build(t).Generate(f)
	}
}
