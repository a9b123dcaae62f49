package table

import (
	"slices"
	"testing"
)

// TestOptimKernelsResolve checks that every name an optimizer update's body
// uses means one thing: the temporaries, scalars and slices are distinct,
// loads read slices into temporaries, stores write temporaries to slices,
// and the arithmetic's operands are temporaries or scalars.
func TestOptimKernelsResolve(t *testing.T) {
	for _, k := range OptimKernels() {
		names := slices.Concat(k.Temps, k.Scalars, k.Slices)
		slices.Sort(names)
		if len(slices.Compact(names)) != len(k.Temps)+len(k.Scalars)+len(k.Slices) {
			t.Errorf("%s: a name is both a temporary, scalar or slice: %v %v %v", k.Field, k.Temps, k.Scalars, k.Slices)
		}
		for _, in := range k.Body {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: %+v: %v", k.Field, in, r)
					}
				}()
				switch in.Kind {
				case Load:
					k.Slice(in.A)
					if temp, _ := k.Value(in.Dst); !temp {
						t.Errorf("%s: %+v loads into a scalar", k.Field, in)
					}
				case Store:
					k.Slice(in.Dst)
					k.Value(in.A)
				default:
					k.Value(in.A)
					if in.Kind != Sqrt {
						k.Value(in.B)
					}
					if temp, _ := k.Value(in.Dst); !temp {
						t.Errorf("%s: %+v writes a scalar", k.Field, in)
					}
				}
			}()
		}
	}
}
