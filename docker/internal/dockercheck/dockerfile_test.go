package dockercheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repo returns a path given relative to the repository root (the build context of both images) as seen from this
// package's folder, docker/internal/dockercheck.
func repo(path string) string { return filepath.Join("..", "..", "..", filepath.FromSlash(path)) }

// readWant reads the Go and GoNB versions the images must match from the module's go.mod.
func readWant(t *testing.T) Want {
	t.Helper()
	data, err := os.ReadFile(repo("go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	var w Want
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "go" {
			w.GoVersion = f[1]
		}
		for i := 0; i+1 < len(f); i++ {
			if f[i] == "github.com/janpfeifer/gonb" {
				w.GoNBVersion = f[i+1]
			}
		}
	}
	if w.GoVersion == "" || w.GoNBVersion == "" {
		t.Fatalf("go.mod: go %q, gonb %q: both must be present", w.GoVersion, w.GoNBVersion)
	}
	return w
}

func parseFile(t *testing.T, path string) *Dockerfile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	df, err := ParseDockerfile(string(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return df
}

func stageNames(df *Dockerfile, idx []int) []string {
	var names []string
	for _, i := range idx {
		names = append(names, df.Stages[i].Name)
	}
	return names
}

func TestWorkshopDockerfile(t *testing.T) {
	want := readWant(t)
	df := parseFile(t, repo("docker/Dockerfile"))
	for _, p := range CheckAll(df, want, ImageRules, WorkshopRules) {
		t.Error(p)
	}
	// Two targets: cuda and cpu, and cpu is the last stage, so a plain `docker build` gives the CPU image.
	if got := stageNames(df, df.Leaves()); !slices.Equal(got, []string{"cuda", "cpu"}) {
		t.Errorf("build targets %v, want [cuda cpu]", got)
	}
	if last := df.Stages[len(df.Stages)-1].Name; last != "cpu" {
		t.Errorf("last stage %q: the default target must be the CPU image", last)
	}
	env := func(leaf int, name string) string {
		val := ""
		for _, r := range df.Resolve(leaf) {
			if r.Cmd == "ENV" {
				if v, ok := parseAssignments(r.Expanded)[name]; ok {
					val = v
				}
			}
		}
		return val
	}
	leaves := df.Leaves()
	if got := env(leaves[1], "TOYSUP_BACKEND"); got != "go" {
		t.Errorf("cpu image: TOYSUP_BACKEND=%q, want go (pure Go by default)", got)
	}
	if got := env(leaves[0], "TOYSUP_BACKEND"); got != "xla:cuda" {
		t.Errorf("cuda image: TOYSUP_BACKEND=%q, want xla:cuda", got)
	}
	// The XLA CPU plugin is installed at build time in the common stage, the CUDA one in the cuda stage only.
	cpuPlugin, cudaPlugin := false, false
	for _, r := range df.Resolve(leaves[1]) {
		cpuPlugin = cpuPlugin || (r.Cmd == "RUN" && strings.Contains(r.Expanded, "go run main.go -dir /usr/local/lib"))
		cudaPlugin = cudaPlugin || (r.Cmd == "RUN" && strings.Contains(r.Expanded, "-cuda "))
	}
	if !cpuPlugin || cudaPlugin {
		t.Errorf("cpu image: XLA CPU plugin installed %v (want true), CUDA plugin %v (want false)", cpuPlugin, cudaPlugin)
	}
	for _, r := range df.Resolve(leaves[0]) {
		cudaPlugin = cudaPlugin || (r.Cmd == "RUN" && regexp.MustCompile(`-cuda "?cuda13`).MatchString(r.Expanded))
	}
	if !cudaPlugin {
		t.Errorf("cuda image does not install the CUDA plugin")
	}
}

func TestBinderDockerfile(t *testing.T) {
	want := readWant(t)
	df := parseFile(t, repo(".binder/Dockerfile"))
	for _, p := range CheckAll(df, want, ImageRules, BinderRules) {
		t.Error(p)
	}
	// repo2docker runs a script named start (if any) as the entrypoint: it must end by exec-ing the command.
	if data, err := os.ReadFile(repo(".binder/start")); err == nil {
		if err := checkStartScript(string(data)); err != "" {
			t.Error(".binder/start: " + err)
		}
	}
}

// checkStartScript is Binder's rule for an entrypoint script: its last command is exec "$@".
func checkStartScript(text string) string {
	var last string
	for _, line := range strings.Split(text, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
			last = l
		}
	}
	if last != `exec "$@"` {
		return `the last command must be exec "$@", got ` + last
	}
	return ""
}

func TestStartScriptRule(t *testing.T) {
	if e := checkStartScript("#!/bin/bash\nexport X=1\nexec \"$@\"\n\n"); e != "" {
		t.Error(e)
	}
	for _, bad := range []string{"#!/bin/bash\nexport X=1\n", "#!/bin/bash\nexec \"$@\"\necho after\n", "exec $@\n"} {
		if checkStartScript(bad) == "" {
			t.Errorf("accepted %q", bad)
		}
	}
}

// Both images use the same pinned base, Go archive and GoNB.
func TestImagesAgree(t *testing.T) {
	args := func(path string) map[string]string {
		df := parseFile(t, path)
		m := df.globalVars()
		for _, r := range df.Resolve(df.Leaves()[0]) {
			if r.Cmd == "ARG" {
				for k, v := range parseAssignments(r.Args) {
					m[k] = v
				}
			}
		}
		return m
	}
	w, b := args(repo("docker/Dockerfile")), args(repo(".binder/Dockerfile"))
	for _, k := range []string{"BASE_IMAGE", "GO_VERSION", "GO_SHA256", "GONB_VERSION", "GOIMPORTS_VERSION"} {
		if w[k] == "" || w[k] != b[k] {
			t.Errorf("%s: docker/Dockerfile %q, .binder/Dockerfile %q", k, w[k], b[k])
		}
	}
}

// Every file a COPY takes from the build context (the repository root) exists.
func TestCopySourcesExist(t *testing.T) {
	for _, path := range []string{repo("docker/Dockerfile"), repo(".binder/Dockerfile")} {
		df := parseFile(t, path)
		for _, leaf := range df.Leaves() {
			for _, c := range copies(df, leaf) {
				if _, err := os.Stat(repo(c[0])); err != nil {
					t.Errorf("%s: COPY source %s: %v", path, c[0], err)
				}
			}
		}
	}
}

// The README's commands name only targets and build arguments that exist, and document the switches.
func TestReadmeMatchesDockerfile(t *testing.T) {
	data, err := os.ReadFile(repo("docker/README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	df := parseFile(t, repo("docker/Dockerfile"))
	stages := map[string]bool{}
	for _, st := range df.Stages {
		stages[st.Name] = true
	}
	args := df.globalVars()
	for _, st := range df.Stages {
		for _, ins := range st.Body {
			if ins.Cmd == "ARG" {
				for k := range parseAssignments(ins.Args) {
					args[k] = ""
				}
			}
		}
	}
	for _, m := range regexp.MustCompile(`--target[= ]([a-z0-9_-]+)`).FindAllStringSubmatch(readme, -1) {
		if !stages[m[1]] {
			t.Errorf("README builds --target %s: no such stage", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`--build-arg[= ]([A-Z0-9_]+)=`).FindAllStringSubmatch(readme, -1) {
		if _, ok := args[m[1]]; !ok {
			t.Errorf("README passes --build-arg %s: no such ARG", m[1])
		}
	}
	for _, must := range []string{"TOYSUP_BACKEND", "--target cuda", "--gpus all", "8888", "token", "my-work", "estimate"} {
		if !strings.Contains(readme, must) {
			t.Errorf("README does not mention %q", must)
		}
	}
}

// The start hook turns TOYSUP_BACKEND=xla* into `-tags=xla` in GOFLAGS, once, and leaves the pure-Go default alone.
func TestBackendHook(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	run := func(backend, goflags string) string {
		script := `. ./toysup-backend.sh >/dev/null; . ./toysup-backend.sh >/dev/null; printf %s "$GOFLAGS"`
		cmd := exec.Command("bash", "-c", script)
		cmd.Dir = repo("docker")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TOYSUP_BACKEND=" + backend, "GOFLAGS=" + goflags}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("hook with TOYSUP_BACKEND=%s: %v", backend, err)
		}
		return string(out)
	}
	for _, tc := range [][3]string{
		{"go", "-buildvcs=false", "-buildvcs=false"},
		{"", "-buildvcs=false", "-buildvcs=false"},
		{"xla:cpu", "-buildvcs=false", "-buildvcs=false -tags=xla"},
		{"xla:cuda", "", "-tags=xla"},
	} {
		if got := run(tc[0], tc[1]); got != tc[2] {
			t.Errorf("TOYSUP_BACKEND=%q GOFLAGS=%q: GOFLAGS became %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
