package dockercheck

import (
	"strings"
	"testing"
)

var testWant = Want{GoVersion: "1.26.8", GoNBVersion: "v0.11.1"}

const digest = "4ef9cfd552d265799bd9e959a87fb674da8cea738145ce49e7d286cb967ad1d7"

// goodDockerfile passes every image rule and the workshop rule; each bad case changes one thing.
var goodDockerfile = `# a comment
ARG BASE=quay.io/jupyter/base-notebook:python-3.13@sha256:` + digest + `
FROM ${BASE} AS app
ARG GO_VERSION=1.26.8
ARG GONB=v0.11.1
USER root
RUN curl -fsSL -o /tmp/go.tgz https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz \
 && echo "d0f743b33e8d8945e6b1f432edd15785c70507121d6e2a723b21285eddf8b57b  /tmp/go.tgz" | sha256sum -c - \
 && tar -C /usr/local -xzf /tmp/go.tgz
ENV PATH=/usr/local/go/bin:${PATH}
USER 1000
RUN go get -tool "github.com/janpfeifer/gonb@${GONB}" && go install tool \
 && go install golang.org/x/tools/cmd/goimports@v0.52.0 && gonb --install
COPY --chown=1000:100 . /home/jovyan/superposition
EXPOSE 8888
WORKDIR /home/jovyan/superposition/notebooks
CMD ["start-notebook.py"]
`

func TestGoodDockerfilePasses(t *testing.T) {
	df, err := ParseDockerfile(goodDockerfile)
	if err != nil {
		t.Fatal(err)
	}
	if probs := CheckAll(df, testWant, ImageRules, WorkshopRules); len(probs) != 0 {
		t.Fatalf("the reference Dockerfile fails: %v", probs)
	}
}

// TestRulesRejectBadDockerfiles: each change breaks exactly the rule it targets.
func TestRulesRejectBadDockerfiles(t *testing.T) {
	cases := []struct {
		name, old, new, rule string
	}{
		{"tag latest", "python-3.13@", "latest@", "base pinned by tag and digest"},
		{"tag without digest", "python-3.13@sha256:" + digest, "python-3.13", "base pinned by tag and digest"},
		{"digest without tag", ":python-3.13@", "@", "base pinned by tag and digest"},
		{"short digest", digest, digest[:40], "base pinned by tag and digest"},
		{"final user root", "USER 1000", "USER root", "final user is uid 1000"},
		{"final user by name", "USER 1000", "USER jovyan", "final user is uid 1000"},
		{"no user", "USER root\n", "", "final user is uid 1000"}, // with USER 1000 too, below
		{"GoNB version differs from go.mod", "ARG GONB=v0.11.1", "ARG GONB=v0.11.0", "GoNB pinned to go.mod's version"},
		{"GoNB kernel not installed", " && gonb --install", "", "GoNB pinned to go.mod's version"},
		{"goimports @latest", "goimports@v0.52.0", "goimports@latest", "goimports pinned, nothing @latest"},
		{"Go version differs from go.mod", "ARG GO_VERSION=1.26.8", "ARG GO_VERSION=1.25.0", "Go pinned with a checksum"},
		{"Go without checksum", `| sha256sum -c -`, `| cat`, "Go pinned with a checksum"},
		{"no EXPOSE 8888", "EXPOSE 8888", "EXPOSE 8080", "EXPOSE 8888"},
		{"notebooks not copied", "COPY --chown=1000:100 . /home/jovyan/superposition", "COPY go.mod /home/jovyan/superposition/", "notebooks copied into the user's home"},
		{"notebooks outside home", "COPY --chown=1000:100 . /home/jovyan/superposition", "COPY . /opt/app", "notebooks copied into the user's home"},
		{"PATH clobbered", "ENV PATH=/usr/local/go/bin:${PATH}", "ENV PATH=/usr/local/go/bin:/usr/bin:/bin", "Jupyter on PATH"},
		{"base without Jupyter", "quay.io/jupyter/base-notebook:python-3.13", "docker.io/library/debian:bookworm", "Jupyter on PATH"},
		{"token disabled", `CMD ["start-notebook.py"]`, `CMD ["start-notebook.py", "--IdentityProvider.token="]`, "Jupyter token on"},
		{"empty JUPYTER_TOKEN", "EXPOSE 8888", "EXPOSE 8888\nENV JUPYTER_TOKEN=\"\"", "Jupyter token on"},
		{"CMD not Jupyter", `CMD ["start-notebook.py"]`, `CMD ["bash"]`, "CMD starts Jupyter in notebooks/"},
		{"Jupyter not in notebooks/", "WORKDIR /home/jovyan/superposition/notebooks", "WORKDIR /home/jovyan", "CMD starts Jupyter in notebooks/"},
		{"a later stage switches to root", `CMD ["start-notebook.py"]`, "CMD [\"start-notebook.py\"]\nFROM app AS final\nUSER root", "final user is uid 1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(goodDockerfile, tc.old) {
				t.Fatalf("case does not apply: %q not in the reference Dockerfile", tc.old)
			}
			text := strings.Replace(goodDockerfile, tc.old, tc.new, 1)
			if tc.name == "no user" {
				text = strings.Replace(text, "USER 1000\n", "", 1)
			}
			df, err := ParseDockerfile(text)
			if err != nil {
				t.Fatal(err)
			}
			probs := CheckAll(df, testWant, ImageRules, WorkshopRules)
			if len(probs) == 0 {
				t.Fatalf("no problem found; want a %q problem", tc.rule)
			}
			for _, p := range probs {
				if !strings.Contains(p, ": "+tc.rule+": ") {
					t.Errorf("unexpected problem (want only %q): %s", tc.rule, p)
				}
			}
		})
	}
}

func TestBinderRules(t *testing.T) {
	good := strings.Replace(goodDockerfile, "COPY --chown=1000:100 . /home/jovyan/superposition", "COPY --chown=1000:100 . /home/jovyan/", 1)
	good = strings.Replace(good, "WORKDIR /home/jovyan/superposition/notebooks", "WORKDIR /home/jovyan", 1)
	good = strings.Replace(good, `CMD ["start-notebook.py"]`, "", 1)
	df, err := ParseDockerfile(good)
	if err != nil {
		t.Fatal(err)
	}
	if probs := CheckAll(df, testWant, ImageRules, BinderRules); len(probs) != 0 {
		t.Fatalf("reference Binder file fails: %v", probs)
	}
	for name, change := range map[string][2]string{
		"repository in a subfolder": {"COPY --chown=1000:100 . /home/jovyan/", "COPY --chown=1000:100 . /home/jovyan/repo"},
		"WORKDIR elsewhere":         {"WORKDIR /home/jovyan", "WORKDIR /home/jovyan/notebooks"},
		"own ENTRYPOINT":            {"EXPOSE 8888", "EXPOSE 8888\nENTRYPOINT [\"/usr/local/bin/mine\"]"},
	} {
		df, err := ParseDockerfile(strings.Replace(good, change[0], change[1], 1))
		if err != nil {
			t.Fatal(err)
		}
		probs := CheckAll(df, testWant, BinderRules)
		if len(probs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestParseDockerfile(t *testing.T) {
	text := "# syntax=docker/dockerfile:1\nARG IMG=a/b:1@sha256:" + digest + "\nARG V\n" +
		"FROM ${IMG} AS one\nARG V=2\nARG IMG\nENV A=x B=\"y z\"\nENV LEGACY some value\n" +
		"RUN echo $A \\\n  # a comment inside the continuation\n\n  ${B} ${V} ${IMG} ${MISSING:-dflt} ${A:+alt} $PATH\n" +
		"FROM one AS two\nRUN echo ${A} ${V}\n"
	df, err := ParseDockerfile(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(df.Stages) != 2 || df.Stages[1].parent != 0 || len(df.Globals) != 2 {
		t.Fatalf("stages %d, parent %d, globals %d", len(df.Stages), df.Stages[1].parent, len(df.Globals))
	}
	if got := stageNames(df, df.Leaves()); len(got) != 1 || got[0] != "two" {
		t.Errorf("leaves %v, want [two]", got)
	}
	res := df.Resolve(1)
	var runs []Resolved
	for _, r := range res {
		if r.Cmd == "RUN" {
			runs = append(runs, r)
		}
	}
	want0 := "echo x y z 2 a/b:1@sha256:" + digest + " dflt alt $PATH"
	if len(runs) != 2 || strings.Join(strings.Fields(runs[0].Expanded), " ") != want0 || runs[0].Line != 9 {
		t.Fatalf("first RUN = %+v\nwant %q at line 9", runs[0], want0)
	}
	// Stage two inherits ENV A but not the ARG V of stage one.
	if runs[1].Expanded != "echo x ${V}" {
		t.Errorf("second RUN expanded %q, want %q", runs[1].Expanded, "echo x ${V}")
	}
	if got := parseAssignments("LEGACY some value"); got["LEGACY"] != "some value" {
		t.Errorf("legacy ENV: %v", got)
	}
	for name, bad := range map[string]string{
		"no FROM":            "RUN echo hi\n",
		"RUN before FROM":    "RUN echo\nFROM a:b\n",
		"open continuation":  "FROM a:b\nRUN echo \\\n",
		"heredoc":            "FROM a:b\nRUN <<EOF\necho\nEOF\n",
		"unparseable FROM":   "FROM a b c\n",
		"only comment lines": "# nothing\n",
	} {
		if _, err := ParseDockerfile(bad); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}
