package reproduce

import "context"

// Named sections: experiments beyond the paper's numbered sections ("dd", "l1", …), registered by name in their
// own files (sectionNAME.go) beside the numbered ones; `--section` takes numbers and names alike.

// NamedSections lists the named sections [Run] knows, in registration order.
var NamedSections []string

var namedSections = map[string]section{}

// registerNamed adds a named section to [Run]; section files call it in init.
func registerNamed(name, title string, run func(ctx context.Context, r *runner) error) {
	namedSections[name] = section{title: title, run: run}
	NamedSections = append(NamedSections, name)
}
