package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/simdla/simdla/nn/mnist"
)

// progress returns a Trainer's Progress that draws on w a bar of an epoch
// of images, titled title, with the loss, the accuracy and the images a
// second so far; the bar clears itself at the epoch's end.
func progress(w io.Writer, title string, images int) func(mnist.Stats) {
	bar := progressbar.NewOptions(images,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(title),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("img"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish())
	seen := 0
	return func(s mnist.Stats) {
		bar.Describe(fmt.Sprintf("%s  loss %.4f  accuracy %.2f%%", title, s.Loss, s.Accuracy))
		bar.Add(s.Images - seen)
		seen = s.Images
	}
}
