package main

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestBenchProgress runs a tiny GEMM table and checks that it prints a row
// and a progress line for every case, each progress line counting cases.
func TestBenchProgress(t *testing.T) {
	var out, prog bytes.Buffer
	if err := benchCmd([]string{"-group", "gemm", "-only", "small 16x16x16", "-rounds", "1", "-batch", "1ms"}, &out, &prog); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(out.String(), "| dgemm small 16x16x16 |") + strings.Count(out.String(), "| sgemm small 16x16x16 |"); rows != 4 {
		t.Errorf("%d rows, want 4 (two types, two thread counts):\n%s", rows, out.String())
	}
	for _, want := range []string{"gemm 1/4: dgemm small 16x16x16, threads=1 ", "gemm 4/4: sgemm small 16x16x16, threads=", "gemm: 4 cases in "} {
		if !strings.Contains(prog.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, prog.String())
		}
	}
}

// TestBenchConv runs the conv table on one small layer, one round, and
// checks its rows, its progress lines, and that it names the torch peer or
// says why it went without it.
func TestBenchConv(t *testing.T) {
	var out, prog bytes.Buffer
	if err := benchCmd([]string{"-group", "conv", "-only", "lenet-conv2 forward", "-rounds", "1", "-batch", "1ms"}, &out, &prog); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| lenet-conv2 | forward | 1 | 1 | ", "| lenet-conv2 | forward | 32 | 1 | "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(out.String(), "torch peer: PyTorch ") && !strings.Contains(out.String(), "PyTorch peer skipped: ") {
		t.Errorf("table names no torch peer:\n%s", out.String())
	}
	for _, want := range []string{"conv 1/2: lenet-conv2 forward N=1, threads=1 ", "conv 2/2: lenet-conv2 forward N=32, threads=1 ", "conv: 2 cases in "} {
		if !strings.Contains(prog.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, prog.String())
		}
	}
}

// TestBenchNN runs the nn table on the MLP's step, one round, and checks
// its rows on one thread and on two (or the note leaving the latter out),
// its progress lines, and that it names the torch peer or says why it went
// without it.
func TestBenchNN(t *testing.T) {
	var out, prog bytes.Buffer
	if err := benchCmd([]string{"-group", "nn", "-only", "mlp step", "-rounds", "1", "-batch", "1ms"}, &out, &prog); err != nil {
		t.Fatal(err)
	}
	want := []string{"| mlp | step | 64 | 1 | ", "| mlp | step | 64 | 2 | "}
	cases := 2
	if runtime.GOMAXPROCS(0) < 2 {
		want[1], cases = "mlp step on 2 threads left out: GOMAXPROCS is 1.", 1
	}
	if !strings.Contains(out.String(), "torch peer: PyTorch ") && !strings.Contains(out.String(), "PyTorch peer skipped: ") {
		t.Errorf("table names no torch peer:\n%s", out.String())
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, out.String())
		}
	}
	for _, w := range []string{"nn 1/" + strconv.Itoa(cases) + ": mlp step, threads=1 ", "nn: " + strconv.Itoa(cases) + " cases in "} {
		if !strings.Contains(prog.String(), w) {
			t.Errorf("progress lacks %q:\n%s", w, prog.String())
		}
	}
}
