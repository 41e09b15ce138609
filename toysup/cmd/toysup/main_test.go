package main

import (
	"slices"
	"strings"
	"testing"
)

// The user CLI has exactly these subcommands; developer tools (the PyTorch benchmark) live under toysup/internal/cmd.
func TestCommandSet(t *testing.T) {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"embed", "merge", "reproduce", "sae", "serve", "train"}; !slices.Equal(names, want) {
		t.Errorf("commands %v, want %v", names, want)
	}
	if u := usage(); strings.Contains(u, "bench") {
		t.Errorf("usage mentions bench:\n%s", u)
	}
	if code := run([]string{"bench"}); code != 2 {
		t.Errorf("toysup bench: exit %d, want 2 (unknown command)", code)
	}
}
