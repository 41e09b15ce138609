package gonbext

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/janpfeifer/gonb/cache"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/sae"
	"github.com/toymodels/superposition/toysup/train"
)

// Paper returns the paper's section runner for notebooks ([paper.Runner]: the same presets, seeds and
// evaluation as `toysup reproduce`): quick mode from $TOYSUP_QUICK, and every experiment (SAEs included) trained and analysed once
// through GoNB's cache.Default — its analyses (and Section 5's dynamics) are stored with its result, so a later
// cell reads them back instead of training or evaluating again.
func Paper() paper.Runner { return PaperIn(cache.Default) }

// PaperIn is [Paper] with an explicit storage.
func PaperIn(storage *cache.Storage) paper.Runner {
	r := paper.Runner{Quick: Quick()}
	r.Train = func(ctx context.Context, e paper.Experiment) (*paper.Trained, error) {
		return trainedCached(ctx, storage, r, e)
	}
	r.TrainSAE = func(ctx context.Context, e paper.SAEExperiment, base *paper.Trained) (*sae.Result, error) {
		return saeCached(ctx, storage, r.Quick, e, base)
	}
	return r
}

// trainedCached returns e trained and analysed by r, from storage when there, else trained (with a progress bar
// in a notebook) and stored. The key is e's name, the mode and the resolved config's hash ([CacheKey]).
func trainedCached(ctx context.Context, storage *cache.Storage, r paper.Runner, e paper.Experiment) (*paper.Trained, error) {
	if storage == nil {
		return nil, errors.New("gonbext: cache storage is nil")
	}
	name := e.Name + "-analysed"
	if r.Quick {
		name += "-quick"
	}
	skey, err := CacheKey(name, e.Config)
	if err != nil {
		return nil, err
	}
	if t, ok := loadTrained(storage, skey, e); ok {
		note(fmt.Sprintf("%s: loaded from the cache (%s)", e.Name, skey))
		return t, nil
	}
	var progress train.Progress
	if isNotebook() {
		progress = &NotebookProgress{}
	}
	t, err := trainAnalyzeFunc(ctx, r, e, progress)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("gonbext: encoding %s: %w", e.Name, err)
	}
	if err := storage.Save(skey, jsonBlob(data)); err != nil {
		return nil, fmt.Errorf("gonbext: caching %s: %w", skey, err)
	}
	return t, nil
}

// trainAnalyzeFunc trains and analyses on a cache miss (tests replace it).
var trainAnalyzeFunc = defaultTrainAnalyze

func defaultTrainAnalyze(ctx context.Context, r paper.Runner, e paper.Experiment, p train.Progress) (*paper.Trained, error) {
	return r.TrainAndAnalyze(ctx, e, p)
}

// loadTrained reads a cached trained experiment and checks that it is whole and belongs to e.
func loadTrained(storage *cache.Storage, skey string, e paper.Experiment) (*paper.Trained, bool) {
	data, ok := readBlob(storage, skey)
	if !ok {
		return nil, false
	}
	var t paper.Trained
	if err := json.Unmarshal(data, &t); err != nil || t.Result == nil {
		return nil, false
	}
	cfg, err := e.Config.Resolve()
	if err != nil || !sameResult(t.Result, cfg) || len(t.Analyses) != cfg.Instances {
		return nil, false
	}
	if e.SnapshotEvery > 0 && (t.Dynamics == nil || len(t.Dynamics.Steps) == 0) {
		return nil, false
	}
	if t.Dynamics != nil {
		t.Dynamics.Result = t.Result
	}
	return &t, true
}
