// Package mnisttest serves MNIST to tests.
package mnisttest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/simdla/simdla/nn/mnist"
)

var (
	once sync.Once
	set  mnist.Set
	err  error
)

// Set returns MNIST's 10,000 test images (mnist.LoadTest), read once per
// test binary and shared: callers must not change them. It skips tb in
// -short mode and fails it where the files cannot be read.
func Set(tb testing.TB) mnist.Set {
	tb.Helper()
	if testing.Short() {
		tb.Skip("reads MNIST's test images")
	}
	once.Do(func() { set, err = mnist.LoadTest("") })
	require.NoError(tb, err)
	return set
}
