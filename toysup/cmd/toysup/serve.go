package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/toymodels/superposition/toysup/playground"
)

func init() {
	register("serve", "serve the playground page: the model trains in the visitor's browser (WebAssembly)", runServe)
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; the default is this machine only, use :8080 to serve the network)")
	export := fs.String("export", "", "write the page as a static site into this folder and exit (for any static web host)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *export != "" {
		if err := playground.Export(*export); err != nil {
			return err
		}
		fmt.Printf("playground written to %s (index.html, app.js, wasm_exec.js, toysup.wasm): serve it with any static web server\n", *export)
		return nil
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: playground.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stdout, "playground at http://%s/ (Ctrl-C to stop)\n", l.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
