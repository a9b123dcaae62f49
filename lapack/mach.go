package lapack

// Machine constants of float64, as LAPACK's dlamch gives them: the
// relative rounding error ('E') and the smallest normal number ('S'),
// whose reciprocal does not overflow.
const (
	machEps = 0x1p-53
	safeMin = 0x1p-1022
)
