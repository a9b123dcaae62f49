//go:build purego || !(amd64 || arm64)

package kernels

// compiled lists the tables this build has: without assembly, only the
// pure-Go one.
var compiled = []*Set{generic}
