package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/toymodels/superposition"

// pkg is the part of `go list -json` these tests read.
type pkg struct {
	ImportPath string
	Name       string
	Standard   bool
	Imports    []string
	Deps       []string
}

// listModule runs `go list -deps -json` on every package of the module (default build tags, non-test imports) and
// returns the module's packages by import path, relative to the module ("" for the root) and the standard-library
// import paths among their dependencies.
func listModule(t *testing.T) (own map[string]pkg, std map[string]bool) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the packages' imports: %v", err)
	}
	cmd := exec.Command(goBin, "list", "-deps", "-json", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps -json %s/...: %v\n%s", module, err, stderr.String())
	}
	own, std = map[string]pkg{}, map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		switch {
		case p.Standard:
			std[p.ImportPath] = true
		case p.ImportPath == module || strings.HasPrefix(p.ImportPath, module+"/"):
			own[strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")] = p
		}
	}
	if len(own) == 0 {
		t.Fatal("go list found no package of the module")
	}
	return own, std
}

// short names a dependency: module packages relative to the module, others as they are.
func short(path string) string {
	if rel, ok := strings.CutPrefix(path, module+"/"); ok {
		return rel
	}
	return path
}

// The core packages import only the standard library, github.com/janpfeifer/must and each other: no GoMLX, GoNB,
// progress bar or terminal package, however indirectly.
func TestCoreImportsOnlyStandardLibrary(t *testing.T) {
	own, std := listModule(t)
	core := []string{"toysup", "toysup/theory", "toysup/sae", "toysup/figures"}
	allowed := map[string]bool{"github.com/janpfeifer/must": true}
	for _, c := range core {
		allowed[module+"/"+c] = true
	}
	for _, c := range core {
		p, ok := own[c]
		if !ok {
			t.Errorf("package %s not found", c)
			continue
		}
		for _, d := range p.Deps {
			if !std[d] && !allowed[d] {
				t.Errorf("%s depends on %s: the core packages (%s) may import only the standard library, "+
					"github.com/janpfeifer/must and each other", c, short(d), strings.Join(core, ", "))
			}
		}
	}
}

// gonbui (all of GoNB) reaches only gonbext: no other package imports GoNB or gonbext.
func TestOnlyGonbextImportsGoNB(t *testing.T) {
	own, _ := listModule(t)
	for name, p := range own {
		if name == "gonbext" {
			continue
		}
		for _, d := range p.Deps {
			if strings.HasPrefix(d, "github.com/janpfeifer/gonb/") || d == module+"/gonbext" {
				t.Errorf("%s depends on %s: only gonbext may use GoNB", name, short(d))
			}
		}
	}
}

// GoMLX reaches a package only through toysup/train (whose engines live in toysup/train/internal/gomlx).
func TestGoMLXOnlyThroughTrain(t *testing.T) {
	own, _ := listModule(t)
	gomlx := func(p pkg) bool {
		return slices.ContainsFunc(p.Deps, func(d string) bool { return strings.HasPrefix(d, "github.com/gomlx/") })
	}
	if !gomlx(own["toysup/train"]) {
		t.Fatal("toysup/train does not depend on GoMLX: this test no longer sees the engines")
	}
	for name, p := range own {
		if name == "toysup/train" || name == "toysup/train/internal/gomlx" {
			continue
		}
		if gomlx(p) && !slices.Contains(p.Deps, module+"/toysup/train") {
			t.Errorf("%s depends on GoMLX without going through toysup/train", name)
		}
	}
}

// In every Go file of the repository, whatever its build tags (xla, ignore) and tests included, GoMLX is imported
// only under toysup/train/internal/gomlx and GoNB only under gonbext. The one exception is docker/install_xla.go,
// a build-ignored program that the image build runs to install the XLA plugins (go-xla's installer).
func TestDirectImportsInEveryFile(t *testing.T) {
	root := moduleRoot(t)
	rules := []struct{ prefix, dir string }{
		{"github.com/gomlx/", "toysup/train/internal/gomlx"},
		{"github.com/janpfeifer/gonb/", "gonbext"},
	}
	exceptions := map[string]string{"docker/install_xla.go": "github.com/gomlx/go-xla/pkg/installer"}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		rel := filepath.ToSlash(must(filepath.Rel(root, path)))
		for _, imp := range fileImports(t, path) {
			for _, r := range rules {
				if strings.HasPrefix(imp, r.prefix) && !strings.HasPrefix(rel, r.dir+"/") && exceptions[rel] != imp {
					t.Errorf("%s imports %s: only files under %s/ may", rel, imp, r.dir)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned only %d Go files under %s", files, root)
	}
}

// Commands other than the user CLI (toysup/cmd/toysup) and the notebook runner (notebooks/nbrun) are developer
// tools and live under an internal folder; the importable packages are exactly the documented ones.
func TestPublicPackagesAndCommands(t *testing.T) {
	own, _ := listModule(t)
	public := []string{"gonbext", "toysup", "toysup/embed", "toysup/figures", "toysup/paper", "toysup/playground",
		"toysup/report", "toysup/reproduce", "toysup/sae", "toysup/theory", "toysup/train"}
	var gotPublic []string
	for name, p := range own {
		internal := strings.Contains("/"+name+"/", "/internal/")
		switch {
		case p.Name == "main" && !internal && name != "toysup/cmd/toysup" && name != "notebooks/nbrun":
			t.Errorf("command %s is outside an internal folder: developer tools go under .../internal/cmd", name)
		case p.Name != "main" && !internal:
			gotPublic = append(gotPublic, name)
		}
	}
	slices.Sort(gotPublic)
	if !slices.Equal(gotPublic, public) {
		t.Errorf("importable packages %v, want %v (a new public package belongs in the README's Architecture "+
			"section and in this list; helpers go under an internal folder)", gotPublic, public)
	}
}

// The playground's WebAssembly program (GOOS=js) reaches the native engine through toysup/train without GoMLX, the
// terminal progress bar or GoNB (train's engine_js.go and progress_js.go), and imports no internal package of
// train directly.
func TestBrowserBuildWithoutGoMLX(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", module+"/toysup/playground/internal/wasm")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, module+"/toysup/train/internal/cpu") {
		t.Fatal("the wasm program does not reach the native engine: this test no longer sees it")
	}
	for _, d := range deps {
		for _, bad := range []string{"github.com/gomlx/", "github.com/janpfeifer/gonb", "github.com/schollz/progressbar"} {
			if strings.HasPrefix(d, bad) {
				t.Errorf("the browser build depends on %s", d)
			}
		}
	}
}

// moduleRoot is the folder of the module's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	return strings.TrimSpace(string(out))
}

// fileImports returns the import paths of one Go file, whatever its build constraints.
func fileImports(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
