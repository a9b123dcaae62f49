package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn"
	"github.com/simdla/simdla/nn/mnist"
	"github.com/simdla/simdla/nn/mnist/mnisttest"
)

func TestRunTrainsAndReports(t *testing.T) {
	set := mnisttest.Set(t)
	for _, model := range []string{"mlp", "lenet"} {
		var out, bar bytes.Buffer
		net, err := run(config{model: model, epochs: 3, seed: 1}, set.Slice(0, 600), set.Slice(600, 900), &out, &bar)
		require.NoError(t, err, model)
		r, err := mnist.RecipeFor(model)
		require.NoError(t, err)
		require.Contains(t, out.String(), fmt.Sprintf(", batch %d, 3 epochs\n", r.Batch), "the recipe's batch size")

		losses := regexp.MustCompile(`(?m)^epoch \d: .*, train loss (\d+\.\d+), test accuracy \d+\.\d\d%$`).FindAllStringSubmatch(out.String(), -1)
		require.Len(t, losses, 3, out.String())
		first, _ := strconv.ParseFloat(losses[0][1], 64)
		last, _ := strconv.ParseFloat(losses[2][1], 64)
		require.Less(t, last, first/2, "%s: the training loss falls\n%s", model, out.String())
		acc := regexp.MustCompile(`(?m)^test accuracy: (\d+\.\d\d)%\n\z`).FindStringSubmatch(out.String())
		require.NotNil(t, acc, out.String())
		a, _ := strconv.ParseFloat(acc[1], 64)
		require.Greater(t, a, 70.0, "%s: 600 images teach more than chance", model)
		require.Contains(t, bar.String(), " img/", "the progress bar shows the rate of images")
		require.Contains(t, bar.String(), "epoch 3/3  loss ")

		path := filepath.Join(t.TempDir(), model+".safetensors")
		require.NoError(t, nn.SaveFile(path, net))
		info, err := os.Stat(path)
		require.NoError(t, err)
		values := 0
		for _, p := range net.Params() {
			values += p.Value.Len()
		}
		require.GreaterOrEqual(t, info.Size(), int64(4*values), "every parameter saved as a float32")
	}
}

func TestRunRejectsUnknownModel(t *testing.T) {
	_, err := run(config{model: "resnet", batch: 32}, mnist.Set{}, mnist.Set{}, &bytes.Buffer{}, &bytes.Buffer{})
	require.EqualError(t, err, `mnist: unknown model "resnet": want lenet or mlp`)
}
