package gonbext

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/janpfeifer/gonb/cache"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/paper"
	"github.com/toymodels/superposition/toysup/sae"
)

// saeCached returns e's SAEs trained on base, from storage when there, else trained ([sae.Train]) and stored.
// The key is e's name, the mode and the hash of the base's and e's resolved configs.
func saeCached(ctx context.Context, storage *cache.Storage, quick bool, e paper.SAEExperiment, base *paper.Trained) (*sae.Result, error) {
	if storage == nil {
		return nil, errors.New("gonbext: cache storage is nil")
	}
	cfg, err := e.Config.ForBase(base.Result)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(struct {
		Base toysup.Config
		SAE  sae.Config
	}{base.Result.Config, cfg})
	if err != nil {
		return nil, fmt.Errorf("gonbext: %w", err)
	}
	sum := sha256.Sum256(data)
	name := e.Name + "-sae"
	if quick {
		name += "-quick"
	}
	skey := keyPrefix + sanitize(name) + "-" + hex.EncodeToString(sum[:8])
	if res, ok := loadSAE(storage, skey); ok {
		note(fmt.Sprintf("%s: loaded from the cache (%s)", e.Name, skey))
		return res, nil
	}
	res, err := sae.Train(ctx, base.Result, cfg)
	if err != nil {
		return nil, err
	}
	blob, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("gonbext: encoding %s: %w", e.Name, err)
	}
	if err := storage.Save(skey, jsonBlob(blob)); err != nil {
		return nil, fmt.Errorf("gonbext: caching %s: %w", skey, err)
	}
	return res, nil
}

// loadSAE reads a cached SAE result, if whole.
func loadSAE(storage *cache.Storage, skey string) (*sae.Result, bool) {
	data, ok := readBlob(storage, skey)
	if !ok {
		return nil, false
	}
	var res sae.Result
	if err := json.Unmarshal(data, &res); err != nil || len(res.SAEs) == 0 {
		return nil, false
	}
	return &res, true
}
