package dockercheck

import (
	"fmt"
	"regexp"
	"strings"
)

// Want is what the images must agree with, read from go.mod.
type Want struct {
	// GoVersion is go.mod's `go` directive (e.g. "1.26.8"); GoNBVersion its github.com/janpfeifer/gonb version.
	GoVersion, GoNBVersion string
}

// Rule is one check on the build target (a leaf stage) of a Dockerfile; it returns what is wrong.
type Rule struct {
	Name  string
	Check func(df *Dockerfile, leaf int, want Want) []string
}

// ImageRules apply to both images (docker/Dockerfile and .binder/Dockerfile).
var ImageRules = []Rule{
	{"base pinned by tag and digest", checkBasePinned},
	{"final user is uid 1000", checkFinalUser},
	{"GoNB pinned to go.mod's version", checkGoNB},
	{"goimports pinned, nothing @latest", checkNoLatest},
	{"Go pinned with a checksum", checkGoPinned},
	{"EXPOSE 8888", checkExpose},
	{"notebooks copied into the user's home", checkNotebooksCopied},
	{"Jupyter on PATH", checkJupyterOnPath},
	{"Jupyter token on", checkTokenOn},
}

// WorkshopRules apply to docker/Dockerfile's targets only (Binder runs its own command).
var WorkshopRules = []Rule{
	{"CMD starts Jupyter in notebooks/", checkCmdNotebooks},
}

// BinderRules apply to .binder/Dockerfile only.
var BinderRules = []Rule{
	{"repository in ${HOME}, WORKDIR ${HOME}", checkBinderHome},
}

var (
	rePinned   = regexp.MustCompile(`^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*:([A-Za-z0-9_][A-Za-z0-9._-]{0,127})@sha256:[0-9a-f]{64}$`)
	reGoNB     = regexp.MustCompile(`github\.com/janpfeifer/gonb@(\S+?)["'\s]`)
	reGoTar    = regexp.MustCompile(`go([0-9][0-9.]*)\.linux-amd64\.tar\.gz`)
	reSHA256   = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	reJupyter  = regexp.MustCompile(`(^|/)jupyter/[a-z0-9-]+-notebook[:@]`)
	reNoToken  = regexp.MustCompile(`(?i)(token|password)["']?\s*=\s*(?:''|""|["']?(?:\s|,|\]|$))`)
	reInstallJ = regexp.MustCompile(`(pip|conda|mamba)\s+install\b.*\b(jupyterlab|notebook|jupyter)\b`)
)

func checkBasePinned(df *Dockerfile, leaf int, _ Want) []string {
	base := df.RootBase(leaf)
	if base == "scratch" {
		return []string{"the image is built FROM scratch: no Jupyter"}
	}
	m := rePinned.FindStringSubmatch(base)
	if m == nil {
		return []string{fmt.Sprintf("base %q must be pinned as IMAGE:TAG@sha256:DIGEST (64 hex digits)", base)}
	}
	if m[1] == "latest" {
		return []string{fmt.Sprintf("base %q uses the tag latest", base)}
	}
	return nil
}

func checkFinalUser(df *Dockerfile, leaf int, _ Want) []string {
	user := ""
	for _, r := range df.Resolve(leaf) {
		if r.Cmd == "USER" {
			user = strings.TrimSpace(r.Expanded)
		}
	}
	if user == "" {
		return []string{"no USER instruction: the user would be whatever the base image ends with"}
	}
	uid, _, _ := strings.Cut(user, ":")
	if uid != "1000" {
		return []string{fmt.Sprintf("the final USER is %q; it must be uid 1000 (the notebook user, not root)", user)}
	}
	return nil
}

func checkGoNB(df *Dockerfile, leaf int, want Want) []string {
	var probs []string
	found, installed := false, false
	for _, r := range df.Resolve(leaf) {
		if r.Cmd != "RUN" {
			continue
		}
		for _, m := range reGoNB.FindAllStringSubmatch(r.Expanded+" ", -1) {
			found = true
			if m[1] != want.GoNBVersion {
				probs = append(probs, fmt.Sprintf("line %d installs GoNB %s; go.mod has %s", r.Line, m[1], want.GoNBVersion))
			}
		}
		if strings.Contains(r.Expanded, "gonb --install") {
			installed = true
		}
	}
	if !found {
		probs = append(probs, "GoNB is not installed at a pinned version (github.com/janpfeifer/gonb@VERSION)")
	}
	if !installed {
		probs = append(probs, "the GoNB kernel is not installed (gonb --install)")
	}
	return probs
}

func checkNoLatest(df *Dockerfile, leaf int, _ Want) []string {
	var probs []string
	goimports := false
	for _, r := range df.Resolve(leaf) {
		if strings.Contains(r.Expanded, "@latest") {
			probs = append(probs, fmt.Sprintf("line %d installs something @latest", r.Line))
		}
		if r.Cmd == "RUN" && regexp.MustCompile(`golang\.org/x/tools/cmd/goimports@v[0-9]`).MatchString(r.Expanded) {
			goimports = true
		}
	}
	if !goimports {
		probs = append(probs, "goimports is not installed at a pinned version (golang.org/x/tools/cmd/goimports@vX.Y.Z)")
	}
	return probs
}

func checkGoPinned(df *Dockerfile, leaf int, want Want) []string {
	for _, r := range df.Resolve(leaf) {
		if r.Cmd != "RUN" {
			continue
		}
		m := reGoTar.FindStringSubmatch(r.Expanded)
		if m == nil {
			continue
		}
		var probs []string
		if m[1] != want.GoVersion {
			probs = append(probs, fmt.Sprintf("line %d installs Go %s; go.mod says go %s", r.Line, m[1], want.GoVersion))
		}
		if !strings.Contains(r.Expanded, "sha256sum -c") || !reSHA256.MatchString(r.Expanded) {
			probs = append(probs, fmt.Sprintf("line %d downloads Go without checking a pinned sha256 (sha256sum -c)", r.Line))
		}
		return probs
	}
	return []string{"Go is not installed from a pinned go.dev archive (goX.Y.Z.linux-amd64.tar.gz)"}
}

func checkExpose(df *Dockerfile, leaf int, _ Want) []string {
	for _, r := range df.Resolve(leaf) {
		if r.Cmd != "EXPOSE" {
			continue
		}
		for _, p := range strings.Fields(r.Expanded) {
			if p == "8888" || p == "8888/tcp" {
				return nil
			}
		}
	}
	return []string{"no EXPOSE 8888"}
}

// copies returns the sources and destination of each COPY/ADD from the build context.
func copies(df *Dockerfile, leaf int) (out [][2]string) {
	for _, r := range df.Resolve(leaf) {
		if r.Cmd != "COPY" && r.Cmd != "ADD" {
			continue
		}
		words := splitWords(r.Expanded)
		var args []string
		fromOther := false
		for _, w := range words {
			if strings.HasPrefix(w, "--from=") {
				fromOther = true
			}
			if !strings.HasPrefix(w, "--") {
				args = append(args, unquote(w))
			}
		}
		if fromOther || len(args) < 2 {
			continue
		}
		dst := args[len(args)-1]
		for _, src := range args[:len(args)-1] {
			out = append(out, [2]string{src, dst})
		}
	}
	return out
}

func checkNotebooksCopied(df *Dockerfile, leaf int, _ Want) []string {
	for _, c := range copies(df, leaf) {
		src, dst := strings.TrimSuffix(c[0], "/"), c[1]
		if (src == "." || src == "notebooks" || strings.HasPrefix(src, "notebooks/")) && strings.HasPrefix(dst, "/home/") {
			return nil
		}
	}
	return []string{"the notebooks (COPY . or COPY notebooks) are not copied into the user's home (/home/...)"}
}

func checkJupyterOnPath(df *Dockerfile, leaf int, _ Want) []string {
	var probs []string
	ok := reJupyter.MatchString(df.RootBase(leaf))
	for _, r := range df.Resolve(leaf) {
		if r.Cmd == "RUN" && reInstallJ.MatchString(r.Expanded) {
			ok = true
		}
		if r.Cmd == "ENV" {
			if p, set := parseAssignments(r.Args)["PATH"]; set && !strings.Contains(p, "$PATH") && !strings.Contains(p, "${PATH}") && !strings.Contains(p, "/opt/conda/bin") {
				probs = append(probs, fmt.Sprintf("line %d sets PATH=%s without the base image's PATH (where jupyter is)", r.Line, p))
			}
		}
	}
	if !ok {
		probs = append(probs, fmt.Sprintf("base %q is not a Jupyter Docker Stacks image and no RUN installs Jupyter", df.RootBase(leaf)))
	}
	return probs
}

func checkTokenOn(df *Dockerfile, leaf int, _ Want) []string {
	var probs []string
	for _, r := range df.Resolve(leaf) {
		if reNoToken.MatchString(r.Expanded) || strings.Contains(r.Expanded, "disable_check_xsrf") {
			probs = append(probs, fmt.Sprintf("line %d disables Jupyter's token or password: %s %s", r.Line, r.Cmd, r.Args))
		}
	}
	return probs
}

func checkCmdNotebooks(df *Dockerfile, leaf int, _ Want) []string {
	cmd, workdir := "", ""
	for _, r := range df.Resolve(leaf) {
		switch r.Cmd {
		case "CMD":
			cmd = r.Expanded
		case "WORKDIR":
			workdir = strings.TrimSuffix(r.Expanded, "/")
		}
	}
	if !strings.Contains(cmd, "start-notebook") && !strings.Contains(cmd, "jupyter") {
		return []string{fmt.Sprintf("CMD %q does not start Jupyter", cmd)}
	}
	if !strings.HasSuffix(workdir, "/notebooks") && !regexp.MustCompile(`root_dir=\S*/notebooks\b`).MatchString(cmd) {
		return []string{fmt.Sprintf("Jupyter does not start in notebooks/ (WORKDIR %q, CMD %q)", workdir, cmd)}
	}
	return nil
}

func checkBinderHome(df *Dockerfile, leaf int, _ Want) []string {
	var probs []string
	home := ""
	for _, c := range copies(df, leaf) {
		if c[0] == "." {
			home = strings.TrimSuffix(c[1], "/")
		}
	}
	if home == "" || !regexp.MustCompile(`^/home/[a-z_][a-z0-9_-]*$`).MatchString(home) {
		probs = append(probs, fmt.Sprintf("the repository (COPY . ...) must be copied to ${HOME} itself, got %q", home))
	}
	workdir := ""
	for _, r := range df.Resolve(leaf) {
		if r.Cmd == "WORKDIR" {
			workdir = strings.TrimSuffix(r.Expanded, "/")
		}
		if r.Cmd == "ENTRYPOINT" {
			probs = append(probs, fmt.Sprintf("line %d sets an ENTRYPOINT: keep the base image's (its start script ends in exec)", r.Line))
		}
	}
	if home != "" && workdir != home {
		probs = append(probs, fmt.Sprintf("WORKDIR %q: Binder opens paths relative to it, so it must be ${HOME} (%s)", workdir, home))
	}
	return probs
}

// CheckAll applies rules to every build target (leaf stage) of df and returns the problems, each prefixed with
// the target and the rule.
func CheckAll(df *Dockerfile, want Want, rules ...[]Rule) []string {
	var probs []string
	for _, leaf := range df.Leaves() {
		target := df.Stages[leaf].Name
		if target == "" {
			target = fmt.Sprintf("stage %d", leaf)
		}
		for _, set := range rules {
			for _, rule := range set {
				for _, p := range rule.Check(df, leaf, want) {
					probs = append(probs, fmt.Sprintf("%s: %s: %s", target, rule.Name, p))
				}
			}
		}
	}
	return probs
}
