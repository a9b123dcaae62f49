package main

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// palette colours the ten digits (Tableau's ten categorical colours).
var palette = [10]color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255},
}

// Size of the scatter plot's image, at vgimg's 96 dots an inch.
const (
	plotWidth   = 7 * vg.Inch
	plotHeight  = 6 * vg.Inch
	legendWidth = 0.7 * vg.Inch
)

// scatter writes to path a PNG of the points xy (an image a row, its
// first two columns), coloured by their digit in labels, with a legend of
// the digits right of the plot.
func scatter(path string, xy *mat.Dense, labels []int, title string) error {
	var digits [10]plotter.XYs
	for i, d := range labels {
		digits[d] = append(digits[d], plotter.XY{X: xy.At(i, 0), Y: xy.At(i, 1)})
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "first principal component"
	p.Y.Label.Text = "second principal component"
	legend := plot.NewLegend()
	legend.Top = true
	for d, pts := range digits {
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("pca: digit %d: %w", d, err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: palette[d], Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
		p.Add(s)
		legend.Add(fmt.Sprint(d), s)
	}

	img := vgimg.New(plotWidth+legendWidth, plotHeight)
	c := draw.New(img)
	p.Draw(draw.Crop(c, 0, -legendWidth, 0, 0))
	legend.Draw(draw.Crop(c, plotWidth, 0, 0, -vg.Inch/2))

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
