// Command plot draws GFLOP/s against matrix size for every library, like
// BLIS's published graphs, from the measurements `simdla bench -json`
// writes. It is a module of its own so that simdla's users never download
// the plotting library.
//
//	go run . -in results.json -out ../../docs
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// record is one measurement, as simdla bench -json writes it (the struct
// there is the same; this module does not import simdla).
type record struct {
	Case    string  `json:"case"`
	N       int     `json:"n"`
	Threads int     `json:"threads"`
	Lib     string  `json:"lib"`
	GFLOPS  float64 `json:"gflops"`
}

func main() {
	in := flag.String("in", "results.json", "measurements from simdla bench -json")
	out := flag.String("out", ".", "directory for gemm-dgemm.png and gemm-sgemm.png")
	flag.Parse()
	data, err := os.ReadFile(*in)
	if err != nil {
		fail(err)
	}
	var records []record
	if err := json.Unmarshal(data, &records); err != nil {
		fail(err)
	}
	for _, op := range []string{"dgemm", "sgemm"} {
		if err := draw1(records, op, filepath.Join(*out, "gemm-"+op+".png")); err != nil {
			fail(err)
		}
	}
}

var colors = map[string]color.Color{
	"simdla":   color.RGBA{R: 200, G: 30, B: 30, A: 255},
	"openblas": color.RGBA{R: 30, G: 90, B: 200, A: 255},
	"blis":     color.RGBA{R: 30, G: 150, B: 60, A: 255},
	"gonum":    color.RGBA{R: 120, G: 120, B: 120, A: 255},
}

// draw1 plots the square problems of op: one line per library and thread
// count, solid for one thread, dashed for more.
func draw1(records []record, op, file string) error {
	series := map[string]plotter.XYs{}
	for _, r := range records {
		if !strings.HasPrefix(r.Case, op+" square ") || strings.Count(r.Case, " ") != 2 {
			continue // only the untransposed squares
		}
		key := fmt.Sprintf("%s, %d thread", r.Lib, r.Threads)
		if r.Threads > 1 {
			key += "s"
		}
		series[key] = append(series[key], plotter.XY{X: float64(r.N), Y: r.GFLOPS})
	}
	if len(series) == 0 {
		return fmt.Errorf("no square %s measurements", op)
	}
	p := plot.New()
	p.Title.Text = op + ", square matrices (C = A·B, row-major)"
	p.X.Label.Text = "n"
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Y.Label.Text = "GFLOP/s"
	p.Y.Min = 0
	// Headroom above the highest curve for the legend, which covers the
	// top left of the plot.
	top := 0.0
	for _, pts := range series {
		for _, pt := range pts {
			top = max(top, pt.Y)
		}
	}
	p.Y.Max = 1.75 * top
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	keys := make([]string, 0, len(series))
	for k := range series {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		pts := series[k]
		slices.SortFunc(pts, func(a, b plotter.XY) int { return int(a.X - b.X) })
		line, scatter, err := plotter.NewLinePoints(pts)
		if err != nil {
			return err
		}
		lib := strings.SplitN(k, ",", 2)[0]
		c := colors[lib]
		if c == nil {
			c = color.Black
		}
		line.Color, scatter.Color = c, c
		line.Width = vg.Points(1.5)
		scatter.Shape = draw.CircleGlyph{}
		if !strings.HasSuffix(k, " 1 thread") {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		p.Add(line, scatter)
		p.Legend.Add(k, line, scatter)
	}
	return p.Save(7*vg.Inch, 5.5*vg.Inch, file)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "plot:", err)
	os.Exit(1)
}
