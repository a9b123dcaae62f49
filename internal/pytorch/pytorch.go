// Package pytorch finds the Python interpreter that simdla's comparisons
// with PyTorch run on: the bench's torch peer and nn's interchange tests.
package pytorch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// EnvPython names the interpreter to use in place of the first of python3
// (on PATH) and /usr/bin/python3 that imports torch.
const EnvPython = "SIMDLA_PYTHON"

// Pythons returns the interpreters to try, in order: $SIMDLA_PYTHON alone
// where it is set, else python3 on PATH, then /usr/bin/python3.
func Pythons() []string {
	if p := os.Getenv(EnvPython); p != "" {
		return []string{p}
	}
	return []string{"python3", "/usr/bin/python3"}
}

// importTimeout is how long an interpreter may take to import torch.
const importTimeout = 2 * time.Minute

// Find returns the path of the first of Pythons that imports torch, or an
// error saying, for each, why not.
func Find() (string, error) {
	var fails []string
	for _, python := range Pythons() {
		path, err := exec.LookPath(python)
		if err != nil {
			fails = append(fails, python+": not found")
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
		out, err := exec.CommandContext(ctx, path, "-c", "import torch").CombinedOutput()
		cancel()
		if err == nil {
			return path, nil
		}
		fails = append(fails, fmt.Sprintf("%s: import torch: %v %s", python, err, lastLine(out)))
	}
	return "", errors.New(strings.Join(fails, "; "))
}

// lastLine returns the last non-empty line of out, where Python puts the
// exception.
func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}
