package table

// DotRows3x4Results names DotRows3x4's results, for every emitter: d<i><r>
// is vector x<i> times row r of the matrix.
var DotRows3x4Results = []string{"d00", "d01", "d02", "d03", "d10", "d11", "d12", "d13", "d20", "d21", "d22", "d23"}
