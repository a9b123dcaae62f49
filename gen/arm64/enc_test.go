package arm64

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// instructions returns every instruction the emitter can write as WORD,
// over registers that exercise each field's bits.
func instructions() []Inst {
	var all []Inst
	regs := [][3]int{{0, 1, 2}, {31, 17, 8}, {5, 30, 19}}
	for _, t := range Elems {
		for _, r := range regs {
			for _, op := range []func(Elem, int, int, int) Inst{FADD, FSUB, FMUL, FDIV, FMAX, FMIN, FMAXNM, FADDP, FCMEQ, FCMGT} {
				all = append(all, op(t, r[0], r[1], r[2]))
			}
			for _, op := range []func(Elem, int, int) Inst{FABS, FSQRT, FADDPS, FMAXPS, FMINPS, FMAXNMPS} {
				all = append(all, op(t, r[0], r[1]))
			}
			all = append(all, FCMGTZ(t, r[0], r[1], true), FCMGTZ(t, r[0], r[1], false))
		}
	}
	for _, r := range regs {
		all = append(all, FCVTL(r[0], r[1]))
		for _, t := range Elems {
			for lane := range t.Lanes() {
				all = append(all, FMLAELEM(t, r[0], r[1], r[2], lane))
			}
		}
	}
	return all
}

// TestEncodingsMatchObjdump assembles every encoding in a function of its
// own and checks that go tool objdump decodes it as the emitter's comment
// says.
func TestEncodingsMatchObjdump(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	insts := instructions()
	var s strings.Builder
	s.WriteString("#include \"textflag.h\"\nTEXT ·words(SB), NOSPLIT, $0-0\n")
	for _, in := range insts {
		f := Func{}
		f.W(in)
		s.WriteString(f.lines[0] + "\n")
	}
	s.WriteString("\tRET\n")
	src := filepath.Join(dir, "words_arm64.s")
	if err := os.WriteFile(src, []byte(s.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	goroot, err := exec.Command(gobin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	obj := filepath.Join(dir, "words.o")
	include := filepath.Join(strings.TrimSpace(string(goroot)), "pkg", "include")
	asm := exec.Command(gobin, "tool", "asm", "-I", include, "-p", "words", "-o", obj, src)
	asm.Env = append(os.Environ(), "GOARCH=arm64", "GOOS=linux")
	if out, err := asm.CombinedOutput(); err != nil {
		t.Fatalf("go tool asm: %v\n%s", err, out)
	}
	out, err := exec.Command(gobin, "tool", "objdump", obj).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool objdump: %v\n%s", err, out)
	}
	// Lines read: "  words_arm64.s:3  0x0  4e22d420  FADD V2.S4, V1.S4, V0.S4"
	line := regexp.MustCompile(`\s([0-9a-f]{8})\s+(.+?)\s*$`)
	decoded := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			decoded[m[1]] = m[2]
		}
	}
	for _, in := range insts {
		word := fmt.Sprintf("%08x", in.Word)
		if got, ok := decoded[word]; !ok {
			t.Errorf("%s: %s not in objdump's output", in.Go, word)
		} else if got != in.Go {
			t.Errorf("%s: objdump decodes %s as %q", in.Go, word, got)
		}
	}
}
