package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
)

// The layout of the picture: each digit and its heat map side by side,
// zoom times their size, gap apart, under a line of text; the pairs in
// rows of perRow, margin around and between them.
const (
	zoom   = 4
	gap    = 4
	text   = 16
	margin = 12
	perRow = 5
)

// Colours of the text: right predictions in black, wrong ones in red.
var (
	right = image.NewUniform(color.Black)
	wrong = image.NewUniform(color.RGBA{200, 0, 0, 255})
)

// render draws, for each image of images [N 1 H W] (normalised as
// mnist.Load does), the digit in black on white and beside it its
// saliency map from maps (the same shape) as a heat map, scaled to its
// own maximum, under a line giving the digit's label and the predicted
// class.
func render(images, maps *nn.Tensor, labels, classes []int) *image.RGBA {
	n, h, w := images.Shape[0], images.Shape[2], images.Shape[3]
	cellW, cellH := 2*w*zoom+gap+margin, h*zoom+text+margin
	rows := (n + perRow - 1) / perRow
	img := image.NewRGBA(image.Rect(0, 0, margin+min(n, perRow)*cellW, margin+rows*cellH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for i := range n {
		x0, y0 := margin+i%perRow*cellW, margin+i/perRow*cellH
		ink := right
		if classes[i] != labels[i] {
			ink = wrong
		}
		d := font.Drawer{Dst: img, Src: ink, Face: basicfont.Face7x13, Dot: fixed.P(x0, y0+text-5)}
		d.DrawString(fmt.Sprintf("digit %d, predicted %d", labels[i], classes[i]))
		px := images.Data[i*h*w : (i+1)*h*w]
		heat := maps.Data[i*h*w : (i+1)*h*w]
		var top float32
		for _, v := range heat {
			top = max(top, v)
		}
		for j := range px {
			p := min(max(px[j]*mnist.Std+mnist.Mean, 0), 1)
			g := uint8(255 * (1 - p))
			t := float32(0)
			if top > 0 {
				t = heat[j] / top
			}
			x, y := x0+j%w*zoom, y0+text+j/w*zoom
			fill(img, x, y, color.RGBA{g, g, g, 255})
			fill(img, x+w*zoom+gap, y, hot(t))
		}
	}
	return img
}

// fill paints the zoom×zoom square at (x, y).
func fill(img *image.RGBA, x, y int, c color.RGBA) {
	draw.Draw(img, image.Rect(x, y, x+zoom, y+zoom), image.NewUniform(c), image.Point{}, draw.Src)
}

// hot maps t in [0, 1] to the "hot" colour map: black, red, yellow, white.
func hot(t float32) color.RGBA {
	channel := func(lo float32) uint8 { return uint8(255 * min(max(3*t-lo, 0), 1)) }
	return color.RGBA{channel(0), channel(1), channel(2), 255}
}

// writePNG writes img to the file path as a PNG.
func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
