package sae

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
)

// Result is a set of trained SAEs: the resolved config, one entry per (base instance, seed) and the history.
// Its JSON form is a public contract (see the README); [Result.Save] writes it atomically, [LoadResult] reads it.
type Result struct {
	Config  Config          `json:"config"`
	Base    BaseInfo        `json:"base"`
	SAEs    []SAE           `json:"saes"`
	History History         `json:"history"`
	Run     *toysup.RunInfo `json:"run,omitempty"`
}

// BaseInfo describes the base result the SAEs read.
type BaseInfo struct {
	Model     toysup.ModelKind `json:"model"`
	Features  int              `json:"features"`
	Hidden    int              `json:"hidden"`
	Instances int              `json:"instances"`
}

// SAE is one trained sparse autoencoder. Row j of WDec is latent j's (unit) direction in the hidden space.
type SAE struct {
	BaseInstance int         `json:"base_instance"`
	Seed         int64       `json:"seed"`
	WEnc         [][]float64 `json:"W_enc"` // [latents][hidden]
	WDec         [][]float64 `json:"W_dec"` // [latents][hidden]
	BEnc         []float64   `json:"b_enc"` // [latents]
	BDec         []float64   `json:"b_dec"` // [hidden]
	// Threshold is JumpReLU's θ per latent, `[latents]` (absent for the other activations).
	Threshold []float64 `json:"threshold,omitempty"`
	Metrics   Metrics   `json:"metrics"`
}

// History is the training history every log_every steps and at the last step: Loss[t][q] is SAE q's batch
// loss at Step[t] (likewise MMCS, the batch L0, the dead fraction — latents silent for resample_window steps —
// and the batch FVU). WDec[t][q] is SAE q's decoder at Step[t] when record_decoder is set; Resampled lists the
// resampling events.
type History struct {
	Step         []int           `json:"step"`
	Loss         [][]float64     `json:"loss"`
	MMCS         [][]float64     `json:"mmcs"`
	L0           [][]float64     `json:"l0"`
	DeadFraction [][]float64     `json:"dead_fraction"`
	FVU          [][]float64     `json:"fvu"`
	WDec         [][][][]float64 `json:"W_dec,omitempty"`
	Resampled    []ResampleEvent `json:"resampled,omitempty"`
}

// collectHistory transposes the trainers' series into `[steps][saes]`.
func collectHistory(trainers []*trainer) History {
	h := History{Step: trainers[0].hist.step}
	col := func(get func(s *series) []float64) [][]float64 {
		out := make([][]float64, len(h.Step))
		for t := range out {
			out[t] = make([]float64, len(trainers))
			for q, tr := range trainers {
				out[t][q] = get(&tr.hist)[t]
			}
		}
		return out
	}
	h.Loss = col(func(s *series) []float64 { return s.loss })
	h.MMCS = col(func(s *series) []float64 { return s.mmcs })
	h.L0 = col(func(s *series) []float64 { return s.l0 })
	h.DeadFraction = col(func(s *series) []float64 { return s.dead })
	h.FVU = col(func(s *series) []float64 { return s.fvu })
	if trainers[0].cfg.RecordDecoder {
		h.WDec = make([][][][]float64, len(h.Step))
		for t := range h.WDec {
			for _, tr := range trainers {
				h.WDec[t] = append(h.WDec[t], tr.hist.wDec[t])
			}
		}
	}
	for _, tr := range trainers {
		h.Resampled = append(h.Resampled, tr.hist.events...)
	}
	return h
}

// Save writes the result as JSON atomically ([toysup.WriteFileAtomic]).
func (r *Result) Save(path string) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("sae result: %w", err)
	}
	return toysup.WriteFileAtomic(path, data)
}

// LoadResult reads a result written by [Result.Save] and checks its shapes against its config.
func LoadResult(path string) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sae result: %w", err)
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("sae result %s: %w", path, err)
	}
	if r.Config, err = r.Config.Resolve(); err != nil {
		return nil, fmt.Errorf("sae result %s: %w", path, err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("sae result %s: %w", path, err)
	}
	return &r, nil
}

// MustLoadResult is [LoadResult] for notebooks: it panics on error.
func MustLoadResult(path string) *Result { return must.M1(LoadResult(path)) }

func (r *Result) check() error {
	L, m := r.Config.Latents, r.Base.Hidden
	if want := len(r.Config.BaseInstances) * r.Config.Seeds; len(r.SAEs) != want {
		return fmt.Errorf("saes: %d entries, config says %d base instances × %d seeds", len(r.SAEs), len(r.Config.BaseInstances), r.Config.Seeds)
	}
	for q, s := range r.SAEs {
		if len(s.WEnc) != L || len(s.WDec) != L || len(s.BEnc) != L || len(s.BDec) != m {
			return fmt.Errorf("saes[%d]: want W_enc, W_dec [%d][%d], b_enc [%d], b_dec [%d]", q, L, m, L, m)
		}
		for j := range L {
			if len(s.WEnc[j]) != m || len(s.WDec[j]) != m {
				return fmt.Errorf("saes[%d]: row %d of W_enc or W_dec has the wrong length (want hidden = %d)", q, j, m)
			}
		}
	}
	for _, series := range [][][]float64{r.History.Loss, r.History.MMCS, r.History.L0, r.History.DeadFraction, r.History.FVU} {
		if len(series) != len(r.History.Step) {
			return fmt.Errorf("history: %d steps but a series has %d rows", len(r.History.Step), len(series))
		}
	}
	return nil
}
