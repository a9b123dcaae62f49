package table

import (
	"fmt"
	"slices"
)

// Optim describes one of package nn's optimizer updates for every
// emitter: the kernels table's field, its scalar parameters and slices in
// the order of the kernel's parameters, and its body, a straight-line
// program over one element, or one vector of elements, of every slice.
// The contract (package kernels) rounds every operation, so the body has
// no fused multiply-add.
type Optim struct {
	Field   string   // MomentumUpdate
	Scalars []string // scalar parameters, broadcast into registers
	Slices  []string // slice parameters
	Temps   []string // the body's registers besides the scalars
	Body    []Op
}

// Op is one operation of a body. Load sets temporary Dst to slice A's
// element, Store sets slice Dst's element to temporary A, Sqrt sets Dst
// to IEEE's square root of A, and Add, Sub, Mul and Div set Dst = A op B;
// the operands of those are temporaries or scalars.
type Op struct {
	Kind      OpKind
	Dst, A, B string
}

// OpKind is what an Op does.
type OpKind int

const (
	Load OpKind = iota
	Store
	Add
	Sub
	Mul
	Div
	Sqrt
)

// OptimKernels returns MomentumUpdate, NesterovUpdate and AdamUpdate.
func OptimKernels() []Optim { return []Optim{sgd(false), sgd(true), adam()} }

// sgd is MomentumUpdate, or NesterovUpdate when nesterov is set: x is w's
// element, d the decayed gradient, u the velocity.
func sgd(nesterov bool) Optim {
	k := Optim{Field: "MomentumUpdate", Scalars: []string{"lr", "mu", "wd"}, Slices: []string{"w", "g", "v"},
		Temps: []string{"x", "d", "u"}}
	k.Body = append(decayed("u"),
		Op{Load, "u", "v", ""},
		Op{Mul, "u", "u", "mu"},
		Op{Add, "u", "u", "d"}, // v = mu*v + d
		Op{Store, "v", "u", ""},
	)
	if nesterov {
		k.Field = "NesterovUpdate"
		k.Body = append(k.Body, Op{Mul, "u", "u", "mu"}, Op{Add, "u", "d", "u"}) // d + mu*v
	}
	k.Body = append(k.Body, Op{Mul, "u", "u", "lr"}, Op{Sub, "x", "x", "u"}, Op{Store, "w", "x", ""})
	return k
}

// adam is AdamUpdate: x is w's element, d the decayed gradient, p the
// first moment, q scratch.
func adam() Optim {
	return Optim{Field: "AdamUpdate",
		Scalars: []string{"wd", "decay", "b1", "a1", "b2", "a2", "s2", "eps", "step"},
		Slices:  []string{"w", "g", "m", "v"}, Temps: []string{"x", "d", "p", "q"},
		Body: append(decayed("q"),
			Op{Load, "p", "m", ""},
			Op{Mul, "p", "p", "b1"},
			Op{Mul, "q", "d", "a1"},
			Op{Add, "p", "p", "q"}, // m = b1*m + a1*d
			Op{Store, "m", "p", ""},
			Op{Mul, "q", "d", "a2"},
			Op{Mul, "q", "q", "d"},
			Op{Load, "d", "v", ""},
			Op{Mul, "d", "d", "b2"},
			Op{Add, "d", "d", "q"}, // v = b2*v + (a2*d)*d
			Op{Store, "v", "d", ""},
			Op{Sqrt, "d", "d", ""},
			Op{Div, "d", "d", "s2"},
			Op{Add, "d", "d", "eps"}, // sqrt(v)/s2 + eps
			Op{Div, "p", "p", "d"},
			Op{Mul, "p", "p", "step"},
			Op{Mul, "x", "x", "decay"},
			Op{Sub, "x", "x", "p"}, // decay*w - step*(m/denom)
			Op{Store, "w", "x", ""},
		),
	}
}

// decayed starts a body: x = w and d = g + wd*w, through the temporary
// scratch.
func decayed(scratch string) []Op {
	return []Op{
		{Load, "x", "w", ""},
		{Mul, "d", "x", "wd"},
		{Load, scratch, "g", ""},
		{Add, "d", scratch, "d"},
	}
}

// Value returns where the body's register operand name lives: temporary i
// (temp set) or scalar i. It panics on a name k has neither of.
func (k Optim) Value(name string) (temp bool, i int) {
	if i := slices.Index(k.Temps, name); i >= 0 {
		return true, i
	}
	if i := slices.Index(k.Scalars, name); i >= 0 {
		return false, i
	}
	panic(fmt.Sprintf("gen: %s has no temporary or scalar %q", k.Field, name))
}

// Slice returns the index of slice name. It panics on a name k lacks.
func (k Optim) Slice(name string) int {
	if i := slices.Index(k.Slices, name); i >= 0 {
		return i
	}
	panic(fmt.Sprintf("gen: %s has no slice %q", k.Field, name))
}
