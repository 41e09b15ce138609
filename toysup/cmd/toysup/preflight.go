package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/toymodels/superposition/toysup"
)

// The pre-flight: what every command checks before any work. Paths are proved writable by creating (and
// removing) a probe file where the output will go; nothing else is written.

// checkOutFile checks that the file path (named by flag, e.g. "--out") can be written atomically: its folder (or
// the nearest existing ancestor, which the write would create folders in) is a writable folder, the path is not
// a folder, and it is none of inputs (flag name → path; the config, say).
func checkOutFile(flag, path string, inputs map[string]string) error {
	if path == "" {
		return fmt.Errorf("%s: empty path", flag)
	}
	q := toysup.Clip(path, 200)
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%s %s: is a folder (give a file path such as %s)", flag, q, filepath.Join(q, "result.json"))
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("%s %s: not a regular file", flag, q)
	case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s %s: %v", flag, q, unwrapPath(err))
	}
	for name, in := range inputs {
		if in != "" && samePath(path, in) {
			return fmt.Errorf("%s %s: is also the %s file; writing the result there would replace it (choose another path)", flag, q, name)
		}
	}
	return probeDir(flag, q, filepath.Dir(path))
}

// checkOutDir checks that dir is, or can be created as, a writable folder.
func checkOutDir(flag, dir string) error {
	if dir == "" {
		return fmt.Errorf("%s: empty path", flag)
	}
	q := toysup.Clip(dir, 200)
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s %s: is a file, want a folder", flag, q)
	}
	return probeDir(flag, q, dir)
}

// probeDir proves that files can be created in dir, or in its nearest existing ancestor when dir does not exist
// yet (the write creates the missing folders).
func probeDir(flag, q, dir string) error {
	for {
		st, err := os.Stat(dir)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%s %s: %s is a file, not a folder", flag, q, toysup.Clip(dir, 200))
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("%s %s: %v", flag, q, unwrapPath(err))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("%s %s: no existing folder above it", flag, q)
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".toysup-probe*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in %s: %v", flag, q, toysup.Clip(dir, 200), unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("%s %s: %v", flag, q, unwrapPath(err))
	}
	return nil
}

// samePath reports whether a and b name the same file (the same path, or links to one file).
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// unwrapPath drops the path of an *fs.PathError (the message names it already).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
