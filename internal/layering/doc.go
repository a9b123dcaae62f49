// Package layering holds the test of simdla's import rules: each layer
// imports only the ones below it (DESIGN.md, "Layers").
package layering
