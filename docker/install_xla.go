//go:build ignore

// install_xla installs GoMLX's XLA PJRT plugins at image build time (the build has network; the running
// container needs none). It is built in a throwaway module by docker/Dockerfile:
//
//	go mod init local/xla && go get github.com/gomlx/go-xla@v0.1.4 && go run . -dir /usr/local/lib [-cuda cuda13]
//
// The CPU plugin's version is the one go-xla v0.1.4 was tested with (pjrt-cpu-binaries v0.83.3, fetched from
// GitHub). With -cuda, the CUDA plugin and NVIDIA libraries come from the JAX wheels on pypi.org (sha256 checked
// against pypi's metadata), version -cuda-version. Plugins land in DIR/go-xla, which GoMLX searches by default
// for /usr/local/lib.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gomlx/go-xla/pkg/installer"
)

func main() {
	dir := flag.String("dir", "/usr/local/lib", "library folder; plugins go into DIR/go-xla")
	cuda := flag.String("cuda", "", `also install the CUDA plugin: "cuda13" or "cuda12" (empty: CPU only)`)
	cudaVersion := flag.String("cuda-version", "latest", "JAX version of the CUDA PJRT wheel (e.g. 0.8.1), or latest")
	flag.Parse()
	target := filepath.Join(*dir, "go-xla")
	if err := installer.CPUAutoInstall(target, false, installer.Normal); err != nil {
		fmt.Fprintf(os.Stderr, "install_xla: CPU plugin: %+v\n", err)
		os.Exit(1)
	}
	if *cuda != "" {
		if err := installer.CudaInstall(*cuda, *cudaVersion, target, false, installer.Normal); err != nil {
			fmt.Fprintf(os.Stderr, "install_xla: CUDA plugin: %+v\n", err)
			os.Exit(1)
		}
	}
	matches, _ := filepath.Glob(filepath.Join(target, "*.so"))
	nvidia, _ := filepath.Glob(filepath.Join(target, "nvidia", "*.so"))
	if len(matches) == 0 || (*cuda != "" && len(nvidia) == 0) {
		fmt.Fprintf(os.Stderr, "install_xla: no plugin found in %s after installing\n", target)
		os.Exit(1)
	}
	fmt.Printf("install_xla: %v %v\n", matches, nvidia)
}
