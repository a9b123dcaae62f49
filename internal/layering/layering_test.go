package layering

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/simdla/simdla"

// rule says which of simdla's packages, and which outside ones, the
// packages under a directory may depend on, directly or not.
type rule struct {
	dir     string   // the packages it covers: this one and those below it
	allowed []string // simdla directories they may depend on; nil: none
	denied  []string // simdla directories they must not depend on, when allowed is all
	outside []string // import path prefixes from outside the module they must not depend on
}

var rules = []rule{
	{dir: "kernels"},
	{dir: "dispatch", allowed: []string{"kernels"}},
	{dir: "internal", allowed: []string{"kernels", "dispatch", "internal"}},
	{dir: "fused", allowed: []string{"kernels", "dispatch", "internal"}},
	{dir: "blas", allowed: []string{"*"}, denied: []string{"conv", "nn", "bench", "examples"}},
	{dir: "lapack", allowed: []string{"*"}, denied: []string{"conv", "nn", "bench", "examples"}},
	// gonum's types stay out of conv: it stands on the engine, not on blas.
	{dir: "conv", allowed: []string{"*"}, denied: []string{"blas", "lapack", "nn", "bench", "examples"}, outside: []string{"gonum.org/"}},
	{dir: "nn", allowed: []string{"*"}, denied: []string{"bench", "examples"}},
}

// TestImportRules lists every package of the module with its dependencies
// (go list -deps) and checks each against the rule of its directory.
func TestImportRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		r, ok := ruleOf(rel(pkg))
		if !ok {
			continue
		}
		checked++
		for _, dep := range deps {
			if msg := r.violation(dep); msg != "" {
				t.Errorf("%s depends on %s: %s", rel(pkg), dep, msg)
			}
		}
	}
	if checked < len(rules)-2 { // conv and nn may not exist yet
		t.Errorf("only %d packages matched a rule: is the module path %s?", checked, module)
	}
}

// rel returns the path of a package of the module relative to its root,
// or "" for a package from outside.
func rel(path string) string {
	if rest, ok := strings.CutPrefix(path, module+"/"); ok {
		return rest
	}
	return ""
}

func under(path, dir string) bool { return path == dir || strings.HasPrefix(path, dir+"/") }

func ruleOf(path string) (rule, bool) {
	for _, r := range rules {
		if path != "" && under(path, r.dir) {
			return r, true
		}
	}
	return rule{}, false
}

// violation says why r forbids dep, or returns "".
func (r rule) violation(dep string) string {
	d := rel(dep)
	if d == "" {
		for _, p := range r.outside {
			if strings.HasPrefix(dep, p) {
				return "no package from " + p
			}
		}
		return ""
	}
	if under(d, r.dir) {
		return "" // within the layer
	}
	for _, den := range r.denied {
		if under(d, den) {
			return "never " + den
		}
	}
	if slices.Contains(r.allowed, "*") || slices.ContainsFunc(r.allowed, func(a string) bool { return under(d, a) }) {
		return ""
	}
	if len(r.allowed) == 0 {
		return "nothing of simdla"
	}
	return "only " + strings.Join(r.allowed, ", ")
}

// TestRulesCatchViolations checks the checker on imports the rules forbid.
func TestRulesCatchViolations(t *testing.T) {
	for _, c := range []struct{ pkg, dep string }{
		{"kernels", module + "/dispatch"},
		{"dispatch", module + "/internal/gemm"},
		{"internal/gemm", module + "/blas"},
		{"blas", module + "/conv"},
		{"lapack", module + "/nn"},
		{"conv", module + "/blas"},
		{"conv", "gonum.org/v1/gonum/blas"},
		{"nn", module + "/bench"},
	} {
		r, ok := ruleOf(c.pkg)
		if !ok || r.violation(c.dep) == "" {
			t.Errorf("%s importing %s passes the rules", c.pkg, c.dep)
		}
	}
	for _, c := range []struct{ pkg, dep string }{
		{"internal/level3", module + "/internal/gemm"},
		{"nn", module + "/conv"},
		{"blas", "gonum.org/v1/gonum/blas"},
	} {
		if r, _ := ruleOf(c.pkg); r.violation(c.dep) != "" {
			t.Errorf("%s importing %s fails the rules: %s", c.pkg, c.dep, r.violation(c.dep))
		}
	}
}
