package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/report"
	"github.com/toymodels/superposition/toysup/sae"
)

func init() {
	register("sae", "train sparse autoencoders on a result's hidden activations and score them against its features", runSAE)
}

func runSAE(ctx context.Context, args []string) error {
	sf := newSAEFlags()
	if err := parseFlags(sf.fs, args); err != nil {
		return err
	}
	if *sf.base == "" {
		return errors.New("--base is required: a result file of a relu_output or linear model (from toysup train)")
	}
	base, err := toysup.LoadResult(*sf.base)
	if err != nil {
		return err
	}
	cfg, err := sf.config()
	if err != nil {
		return err
	}
	res, err := sae.Train(ctx, base, cfg)
	if err != nil {
		return err
	}
	if err := res.Save(*sf.out); err != nil {
		return err
	}
	return printSAESummary(os.Stdout, res, *sf.out)
}

// saeFlags are the flags of `toysup sae`: the base, the config file, the output and overrides of config fields.
type saeFlags struct {
	fs                 *flag.FlagSet
	base, cfgPath, out *string
	fields             map[string]string
}

func newSAEFlags() *saeFlags {
	fs := flag.NewFlagSet("sae", flag.ContinueOnError)
	sf := &saeFlags{fs: fs, fields: map[string]string{}}
	sf.base = fs.String("base", "", "base result file (relu_output or linear model) whose hidden activations the SAEs read")
	sf.cfgPath = fs.String("config", "", "JSON SAE config file (fields as in the README); flags below override it")
	sf.out = fs.String("out", "sae_result.json", "SAE result file to write")
	for _, f := range []struct{ name, field, usage string }{
		{"latents", "latents", "dictionary size (default: the base's features)"},
		{"l1", "l1", "sparsity coefficient λ (relu: of Σz, jumprelu: of L0; 0 for topk)"},
		{"k", "k", "TopK's active latents"},
		{"activation", "activation", "relu, topk or jumprelu"},
		{"steps", "steps", "training steps"},
		{"seeds", "seeds", "SAEs per base instance"},
		{"resample", "resample", "dead-latent resampling: anthropic, simple or none"},
	} {
		fs.String(f.name, "", f.usage)
		sf.fields[f.name] = f.field
	}
	return sf
}

// config reads the config file (if any), applies the flags given and parses the result strictly.
func (sf *saeFlags) config() (sae.Config, error) {
	raw := map[string]json.RawMessage{}
	if *sf.cfgPath != "" {
		data, err := os.ReadFile(*sf.cfgPath)
		if err != nil {
			return sae.Config{}, err
		}
		if _, err := sae.ParseConfig(data); err != nil {
			return sae.Config{}, fmt.Errorf("%s: %w", *sf.cfgPath, err)
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return sae.Config{}, err
		}
	}
	var err error
	sf.fs.Visit(func(f *flag.Flag) {
		field, ok := sf.fields[f.Name]
		if !ok || err != nil {
			return
		}
		v := f.Value.String()
		if f.Name == "activation" || f.Name == "resample" {
			raw[field], err = json.Marshal(v)
		} else if !json.Valid([]byte(v)) {
			err = fmt.Errorf("--%s %q: not a JSON number", f.Name, v)
		} else {
			raw[field] = json.RawMessage(v)
		}
	})
	if err != nil {
		return sae.Config{}, err
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return sae.Config{}, err
	}
	return sae.ParseConfig(data)
}

// printSAESummary prints the run's line and the metrics table of every SAE.
func printSAESummary(w io.Writer, res *sae.Result, path string) error {
	c := res.Config
	fmt.Fprintf(w, "%s: %d SAEs (%d latents, %s, λ = %g, resample %s) on n=%d, m=%d, %d steps in %.1fs\n", path, len(res.SAEs),
		c.Latents, c.Activation, *c.L1, c.Resample, res.Base.Features, res.Base.Hidden, c.Steps, res.Run.Seconds)
	t := report.SAEMetrics("", res)
	t.Note = ""
	_, err := io.WriteString(w, t.Text())
	return err
}
