package conv

import "fmt"

// Window is how a filter or a pooling window moves over an image: its size
// R×S (rows × columns), its stride, the zeros padded on each side of the
// image, and its dilation (the distance between the image elements its
// neighbouring taps read). A zero stride or dilation means 1.
type Window struct {
	R, S                                 int
	StrideH, StrideW                     int
	PadTop, PadBottom, PadLeft, PadRight int
	DilationH, DilationW                 int
}

// Square returns the r×r window of the given stride, with pad zeros on
// every side and no dilation.
func Square(r, stride, pad int) Window {
	return Window{R: r, S: r, StrideH: stride, StrideW: stride,
		PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad}
}

// withDefaults returns w with its zero strides and dilations set to 1.
func (w Window) withDefaults() Window {
	for _, f := range []*int{&w.StrideH, &w.StrideW, &w.DilationH, &w.DilationW} {
		if *f == 0 {
			*f = 1
		}
	}
	return w
}

// extent returns the rows and columns of the image the window spans, its
// taps and the gaps of the dilation between them.
func (w Window) extent() (rows, cols int) {
	return (w.R-1)*w.DilationH + 1, (w.S-1)*w.DilationW + 1
}

// out returns the output size P×Q of w, with its defaults set, over an
// h×w image.
func (w Window) out(h, wd int) (p, q int) {
	rows, cols := w.extent()
	return (h+w.PadTop+w.PadBottom-rows)/w.StrideH + 1, (wd+w.PadLeft+w.PadRight-cols)/w.StrideW + 1
}

// check panics, naming the parameter and its value, unless w, with its
// defaults set, fits an h×wd image; what names the window ("filter" or
// "window") in the message.
func (w Window) check(h, wd int, what string) {
	if w.R <= 0 || w.S <= 0 { // the names built only when needed: no allocation
		positive(what+" height R", w.R)
		positive(what+" width S", w.S)
	}
	positive("StrideH", w.StrideH)
	positive("StrideW", w.StrideW)
	positive("DilationH", w.DilationH)
	positive("DilationW", w.DilationW)
	notNegative("PadTop", w.PadTop)
	notNegative("PadBottom", w.PadBottom)
	notNegative("PadLeft", w.PadLeft)
	notNegative("PadRight", w.PadRight)
	rows, cols := w.extent()
	if h+w.PadTop+w.PadBottom < rows || wd+w.PadLeft+w.PadRight < cols {
		panic(fmt.Sprintf("conv: input %dx%d with padding %s is smaller than %s %dx%d",
			h, wd, w.padding(), what, rows, cols))
	}
}

// padding describes w's padding for a message: one number when every side
// has the same, else top, bottom, left, right.
func (w Window) padding() string {
	if w.PadTop == w.PadBottom && w.PadTop == w.PadLeft && w.PadTop == w.PadRight {
		return fmt.Sprint(w.PadTop)
	}
	return fmt.Sprintf("%d,%d,%d,%d (top, bottom, left, right)", w.PadTop, w.PadBottom, w.PadLeft, w.PadRight)
}

func positive(name string, v int) {
	if v <= 0 {
		panic(fmt.Sprintf("conv: %s = %d, must be positive", name, v))
	}
}

func notNegative(name string, v int) {
	if v < 0 {
		panic(fmt.Sprintf("conv: %s = %d, must not be negative", name, v))
	}
}

// checkLen panics unless the slice called name holds at least n elements.
func checkLen(name string, got, n int) {
	if got < n {
		panic(fmt.Sprintf("conv: %s has %d elements, shape needs %d", name, got, n))
	}
}
