package gonbext

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/must"
	"github.com/toymodels/superposition/toysup"
	"github.com/toymodels/superposition/toysup/train"
)

// keyPrefix starts every storage key gonbext writes, so [ClearCache] never touches other entries.
const keyPrefix = "toysup-"

// numericsVersion enters every cache key: bump it when a change to the engines or the data streams changes what
// a config trains to (version 2: the native engine's AVX-512 sample-lane kernels, which round differently), so
// that notebooks never show a result cached by an older toysup.
const numericsVersion = "2"

// CacheKey returns the storage key under which [Train] keeps cfg's result: "toysup-" + key (characters other
// than letters, digits, '-', '_' and '.' replaced by '_') + "-" + the first 16 hex digits of the SHA-256 of the
// numerics version and the resolved config's JSON. Any change to the config (steps, seed, densities, …) gives a
// new key.
func CacheKey(key string, cfg toysup.Config) (string, error) {
	if key == "" {
		return "", errors.New("gonbext: cache key is empty")
	}
	cfg, err := cfg.Resolve()
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("gonbext: %w", err)
	}
	sum := sha256.Sum256(append([]byte("numerics "+numericsVersion+"\n"), data...))
	return keyPrefix + sanitize(key) + "-" + hex.EncodeToString(sum[:8]), nil
}

// trainFunc trains on a cache miss (tests replace it).
var trainFunc = train.Train

func sanitize(key string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, key)
}

// Train returns cfg's trained result, cached across cells (and re-runs of a cell) in GoNB's default cache
// (cache.Default, a folder under the system temp dir named after the working directory): on a hit it reads the
// result back; on a miss it trains with [train.Train] (opts passed on: in a notebook the default shows a
// progress bar) and stores the result. key names the experiment; the config's hash is added to it (see
// [CacheKey]). Training errors are returned and nothing is stored.
func Train(ctx context.Context, key string, cfg toysup.Config, opts ...train.Option) (*toysup.Result, error) {
	return TrainIn(ctx, cache.Default, key, cfg, opts...)
}

// MustTrain is [Train] for notebooks: it panics on error.
func MustTrain(ctx context.Context, key string, cfg toysup.Config, opts ...train.Option) *toysup.Result {
	return must.M1(Train(ctx, key, cfg, opts...))
}

// TrainIn is [Train] with an explicit storage (e.g. cache.New(dir) for a persistent folder, or in tests).
//
// An entry that cannot be read back — a different config under a colliding key, a file cut short by a crash
// (GoNB's storage writes files in place) — is treated as a miss: the config is trained again and the entry
// overwritten.
func TrainIn(ctx context.Context, storage *cache.Storage, key string, cfg toysup.Config, opts ...train.Option) (*toysup.Result, error) {
	return trainCached(ctx, storage, key, cfg, true, opts...)
}

// trainCached implements [TrainIn]; showNote shows a line in the notebook on a cache hit.
func trainCached(ctx context.Context, storage *cache.Storage, key string, cfg toysup.Config, showNote bool, opts ...train.Option) (*toysup.Result, error) {
	if storage == nil {
		return nil, errors.New("gonbext: cache storage is nil")
	}
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	skey, err := CacheKey(key, cfg)
	if err != nil {
		return nil, err
	}
	if res, ok := load(storage, skey, cfg); ok {
		if showNote {
			note(fmt.Sprintf("%s: loaded from the cache (%s)", key, skey))
		}
		return res, nil
	}
	res, err := trainFunc(ctx, cfg, opts...)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("gonbext: encoding result: %w", err)
	}
	if err := storage.Save(skey, jsonBlob(data)); err != nil {
		return nil, fmt.Errorf("gonbext: caching %s: %w", skey, err)
	}
	return res, nil
}

// IsCached reports whether [Train] would read cfg's result under key from cache.Default without training.
func IsCached(key string, cfg toysup.Config) bool { return IsCachedIn(cache.Default, key, cfg) }

// IsCachedIn is [IsCached] for an explicit storage.
func IsCachedIn(storage *cache.Storage, key string, cfg toysup.Config) bool {
	cfg, err := cfg.Resolve()
	if err != nil {
		return false
	}
	skey, err := CacheKey(key, cfg)
	if err != nil {
		return false
	}
	_, ok := load(storage, skey, cfg)
	return ok
}

// load reads a cached result and checks that it is whole and belongs to cfg.
func load(storage *cache.Storage, skey string, cfg toysup.Config) (*toysup.Result, bool) {
	data, ok := readBlob(storage, skey)
	if !ok {
		return nil, false
	}
	var res toysup.Result
	if err := json.Unmarshal(data, &res); err != nil || !sameResult(&res, cfg) {
		return nil, false
	}
	return &res, true
}

// readBlob reads a stored entry's bytes (false when missing or unreadable).
func readBlob(storage *cache.Storage, skey string) ([]byte, bool) {
	r, err := storage.Reader(skey)
	if err != nil {
		return nil, false
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	data, err := io.ReadAll(r)
	return data, err == nil
}

// sameResult reports whether res is a whole result of the resolved cfg.
func sameResult(res *toysup.Result, cfg toysup.Config) bool {
	got, err := json.Marshal(res.Config)
	want, _ := json.Marshal(cfg)
	if err != nil || !bytes.Equal(got, want) || len(res.Instances) != cfg.Instances {
		return false
	}
	for _, in := range res.Instances {
		if len(in.W) != cfg.Features || len(in.B) != cfg.Features {
			return false
		}
	}
	return true
}

// jsonBlob is stored as its bytes (GoNB's cache otherwise uses encoding/gob, which cannot encode toysup.Table).
type jsonBlob []byte

// CacheSerialize implements cache.Serializable.
func (b jsonBlob) CacheSerialize(w io.Writer) error {
	_, err := w.Write(b)
	return err
}

// CacheDeserialize implements cache.Serializable.
func (b jsonBlob) CacheDeserialize(r io.Reader) (any, error) {
	data, err := io.ReadAll(r)
	return jsonBlob(data), err
}

// ClearCache removes key's results (for every config) from cache.Default; key "" removes every result gonbext
// stored there. Use it in a cell of its own to force retraining.
func ClearCache(key string) error { return ClearCacheIn(cache.Default, key) }

// ClearCacheIn is [ClearCache] for an explicit storage.
func ClearCacheIn(storage *cache.Storage, key string) error {
	if storage == nil {
		return errors.New("gonbext: cache storage is nil")
	}
	keys, err := storage.ListKeys()
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("gonbext: %w", err)
	}
	prefix := keyPrefix
	if key != "" {
		prefix += sanitize(key) + "-"
	}
	for _, k := range keys {
		// A key's own entries are prefix + 16 hex digits; longer names belong to other keys sharing the prefix.
		if strings.HasPrefix(k, prefix) && (key == "" || len(k) == len(prefix)+16) {
			if err := storage.ResetKey(k); err != nil {
				return fmt.Errorf("gonbext: %w", err)
			}
		}
	}
	return nil
}

// note shows a small grey line in a notebook (nothing elsewhere).
func note(text string) {
	if isNotebook() {
		gonbui.DisplayHTML(`<small style="color:#666">` + html.EscapeString(text) + `</small>`)
		gonbui.Sync()
	}
}
