// Package dockercheck checks the workshop image (docker/Dockerfile) and the Binder image (.binder/Dockerfile)
// without a Docker engine: a small Dockerfile parser and the rules both files must keep (pinned base, non-root user,
// pinned Go and GoNB, Jupyter on PATH with its token on, port 8888, the notebooks inside). The checks run in
// dockerfile_test.go, as part of `go test ./...`; the images themselves are described in docker/README.md. It is
// internal: a check of this repository's images, not part of toysup's API.
package dockercheck

import (
	"fmt"
	"regexp"
	"strings"
)

// Instruction is one Dockerfile instruction (continuation lines joined, comments dropped).
type Instruction struct {
	// Line is the 1-based line where the instruction starts.
	Line int
	// Cmd is the instruction keyword in upper case (FROM, RUN, COPY, ...).
	Cmd string
	// Args is the rest of the instruction, flags included, as written.
	Args string
}

// Stage is one build stage: a FROM and the instructions up to the next FROM.
type Stage struct {
	// Base is the FROM image as written (before variable expansion); Name the AS name ("" if none).
	Base, Name string
	From       Instruction
	Body       []Instruction
	// parent is the index of the earlier stage this one is built FROM, or -1 for an external image.
	parent int
}

// Dockerfile is a parsed Dockerfile.
type Dockerfile struct {
	// Globals are the ARGs before the first FROM (usable in FROM lines).
	Globals []Instruction
	Stages  []*Stage
}

// ParseDockerfile parses Dockerfile text. Heredocs are not supported (the project's Dockerfiles don't use them,
// and dockerfile-utils, the linter CI runs, does not know them either).
func ParseDockerfile(text string) (*Dockerfile, error) {
	df := &Dockerfile{}
	var cur strings.Builder
	start := 0
	flush := func() error {
		s := strings.TrimSpace(cur.String())
		cur.Reset()
		if s == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(s, " ")
		ins := Instruction{Line: start, Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args)}
		if strings.Contains(ins.Args, "<<") && (ins.Cmd == "RUN" || ins.Cmd == "COPY") && regexp.MustCompile(`<<-?["']?[A-Za-z_]+`).MatchString(ins.Args) {
			return fmt.Errorf("line %d: heredocs are not supported", start)
		}
		return df.add(ins)
	}
	continued := false
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || (continued && trimmed == "") {
			continue // comments (also inside a continuation) and empty continuation lines are dropped
		}
		if !continued {
			start = i + 1
		}
		if strings.HasSuffix(trimmed, `\`) {
			cur.WriteString(strings.TrimSuffix(trimmed, `\`))
			cur.WriteString(" ")
			continued = true
			continue
		}
		cur.WriteString(trimmed)
		continued = false
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if continued {
		return nil, fmt.Errorf("line %d: the file ends inside a continued instruction", start)
	}
	if len(df.Stages) == 0 {
		return nil, fmt.Errorf("no FROM instruction")
	}
	return df, nil
}

var reFrom = regexp.MustCompile(`(?i)^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$`)

func (df *Dockerfile) add(ins Instruction) error {
	if ins.Cmd == "FROM" {
		m := reFrom.FindStringSubmatch(ins.Args)
		if m == nil {
			return fmt.Errorf("line %d: cannot parse FROM %q", ins.Line, ins.Args)
		}
		st := &Stage{Base: m[1], Name: m[2], From: ins, parent: -1}
		for i, prev := range df.Stages {
			if prev.Name != "" && strings.EqualFold(prev.Name, st.Base) {
				st.parent = i
			}
		}
		df.Stages = append(df.Stages, st)
		return nil
	}
	if len(df.Stages) == 0 {
		if ins.Cmd != "ARG" {
			return fmt.Errorf("line %d: %s before the first FROM (only ARG may come first)", ins.Line, ins.Cmd)
		}
		df.Globals = append(df.Globals, ins)
		return nil
	}
	st := df.Stages[len(df.Stages)-1]
	st.Body = append(st.Body, ins)
	return nil
}

// chain returns the stages stage i is built on, outermost first, ending with stage i.
func (df *Dockerfile) chain(i int) []*Stage {
	var c []*Stage
	for ; i >= 0; i = df.Stages[i].parent {
		c = append([]*Stage{df.Stages[i]}, c...)
	}
	return c
}

// Leaves are the indices of the stages no other stage builds on: the images one can build with --target.
func (df *Dockerfile) Leaves() []int {
	used := map[int]bool{}
	for _, st := range df.Stages {
		if st.parent >= 0 {
			used[st.parent] = true
		}
	}
	var leaves []int
	for i := range df.Stages {
		if !used[i] {
			leaves = append(leaves, i)
		}
	}
	return leaves
}

// globalVars are the defaults of the ARGs before the first FROM.
func (df *Dockerfile) globalVars() map[string]string {
	vars := map[string]string{}
	for _, g := range df.Globals {
		for name, val := range parseAssignments(g.Args) {
			vars[name] = val
		}
	}
	return vars
}

// RootBase is the external image at the bottom of stage i's chain, with global ARGs expanded.
func (df *Dockerfile) RootBase(i int) string {
	return expand(df.chain(i)[0].Base, df.globalVars())
}

// Resolved is one instruction of a stage chain with its variables expanded as far as the Dockerfile defines them
// (ARG defaults and ENV values; variables of the base image, like PATH, are left as written).
type Resolved struct {
	Instruction
	Stage string
	// Expanded is Args with the variables known at this point replaced.
	Expanded string
}

// Resolve returns the instructions of stage i's chain (its parent stages first) with variables expanded. A stage
// inherits its parent's ENV but not its ARGs; an ARG without a default takes the global ARG's default.
func (df *Dockerfile) Resolve(i int) []Resolved {
	globals := df.globalVars()
	env := map[string]string{}
	var out []Resolved
	for _, st := range df.chain(i) {
		args := map[string]string{}
		vars := func() map[string]string {
			m := make(map[string]string, len(args)+len(env))
			for k, v := range args {
				m[k] = v
			}
			for k, v := range env { // ENV wins over an ARG of the same name
				m[k] = v
			}
			return m
		}
		for _, ins := range st.Body {
			cur := vars()
			out = append(out, Resolved{Instruction: ins, Stage: st.Name, Expanded: expand(ins.Args, cur)})
			switch ins.Cmd {
			case "ARG":
				for name, val := range parseAssignments(ins.Args) {
					if g, ok := globals[name]; ok && !strings.Contains(ins.Args, name+"=") {
						val = g
					}
					args[name] = expand(val, cur)
				}
			case "ENV":
				for name, val := range parseAssignments(ins.Args) {
					env[name] = expand(val, cur)
				}
			}
		}
	}
	return out
}

// parseAssignments parses `NAME=value NAME2="v 2"` (ARG/ENV) and the legacy `ENV NAME value` form.
func parseAssignments(args string) map[string]string {
	out := map[string]string{}
	args = strings.TrimSpace(args)
	if args == "" {
		return out
	}
	first, rest, _ := strings.Cut(args, " ")
	if !strings.Contains(first, "=") && strings.TrimSpace(rest) != "" && !strings.Contains(rest, "=") {
		out[first] = unquote(strings.TrimSpace(rest)) // ENV NAME value
		return out
	}
	for _, tok := range splitWords(args) {
		name, val, hasVal := strings.Cut(tok, "=")
		if !hasVal {
			out[name] = ""
			continue
		}
		out[name] = unquote(val)
	}
	return out
}

// splitWords splits on spaces outside double or single quotes.
func splitWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			cur.WriteRune(r)
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
			cur.WriteRune(r)
		case r == ' ' || r == '\t':
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

var reVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\+)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expand replaces $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alternative} with values from vars; unknown variables
// stay as written (they come from the base image or the shell).
func expand(s string, vars map[string]string) string {
	return reVar.ReplaceAllStringFunc(s, func(m string) string {
		sub := reVar.FindStringSubmatch(m)
		name := sub[1]
		if name == "" {
			name = sub[4]
		}
		val, ok := vars[name]
		switch sub[2] {
		case ":-":
			if !ok || val == "" {
				return sub[3]
			}
		case ":+":
			if ok && val != "" {
				return sub[3]
			}
			return ""
		}
		if !ok {
			return m
		}
		return val
	})
}
