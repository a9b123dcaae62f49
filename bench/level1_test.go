package bench

import (
	"fmt"
	"slices"
	"testing"
)

// BenchmarkLevel1 runs every Level-1 case for every library, for benchstat:
//
//	go test ./bench -run '^$' -bench Level1 -count 10 | benchstat -col /lib -
func BenchmarkLevel1(b *testing.B) {
	for _, n := range Level1Sizes {
		for _, c := range Level1(n) {
			libs := make([]string, 0, len(c.Libs))
			for lib := range c.Libs {
				libs = append(libs, lib)
			}
			slices.Sort(libs)
			for _, lib := range libs {
				b.Run(fmt.Sprintf("%s/n=%d/lib=%s", c.Name, n, lib), func(b *testing.B) { c.Run(b, lib) })
			}
		}
	}
}
