package embed

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/must"
)

// The files of a GPT-2 folder in the Hugging Face layout that LoadGPT2 reads.
const (
	safetensorsFile = "model.safetensors"
	vocabFile       = "vocab.json"
	tokenizerFile   = "tokenizer.json"
)

// EmbeddingTensorNames are the names W_E is looked for under in model.safetensors, in order: GPT2Model's and
// GPT2LMHeadModel's.
var EmbeddingTensorNames = []string{"wte.weight", "transformer.wte.weight"}

// GPT2Dir is the conventional location of the GPT-2 folder: $TOYSUP_GPT2_DIR when set; else, in a GoNB notebook,
// $GONB_DIR/../models/gpt2 (models/gpt2 at the repository root, next to notebooks/); else models/gpt2 relative to
// the working directory.
func GPT2Dir() string {
	if d := os.Getenv("TOYSUP_GPT2_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("GONB_DIR"); d != "" {
		return filepath.Join(d, "..", "models", "gpt2")
	}
	return filepath.Join("models", "gpt2")
}

// CheckGPT2Dir reports whether dir holds the files LoadGPT2 needs (it only looks for them): nil, or an error that
// says what to put where. Notebooks use it to skip the GPT-2 cells when no model is present.
func CheckGPT2Dir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return missingGPT2Error(dir, dir+" does not exist")
	}
	if !st.IsDir() {
		return fmt.Errorf("embed: %s is not a folder: a GPT-2 source is a folder holding %s and %s", dir, safetensorsFile, vocabFile)
	}
	if !exists(filepath.Join(dir, safetensorsFile)) {
		why := "no " + safetensorsFile + " in " + dir
		if exists(filepath.Join(dir, "pytorch_model.bin")) {
			why += " (only the safetensors format is read, not pytorch_model.bin)"
		}
		return missingGPT2Error(dir, why)
	}
	if !exists(filepath.Join(dir, vocabFile)) && !exists(filepath.Join(dir, tokenizerFile)) {
		return missingGPT2Error(dir, "no "+vocabFile+" (or "+tokenizerFile+") in "+dir)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// missingGPT2Error says where to put the model; nothing is ever downloaded.
func missingGPT2Error(dir, why string) error {
	return fmt.Errorf("embed: %s: put GPT-2's %s and %s there, from the Hugging Face repository openai-community/gpt2 "+
		"(formerly \"gpt2\"), e.g. `huggingface-cli download openai-community/gpt2 %s %s --local-dir %s`, "+
		"or point TOYSUP_GPT2_DIR at a folder holding them (nothing is downloaded at run time)",
		why, safetensorsFile, vocabFile, safetensorsFile, vocabFile, dir)
}

// LoadGPT2 reads the token embeddings W_E `[vocab, d]` of a GPT-2-style model folder in the Hugging Face layout:
// the tensor wte.weight (or transformer.wte.weight) of model.safetensors, in F32, F16, BF16 or F64, and the
// token → row map of vocab.json (or of tokenizer.json's model.vocab when there is no vocab.json).
func LoadGPT2(dir string, opts ...Option) (*Embeddings, error) {
	o := collect(opts)
	if err := CheckGPT2Dir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, safetensorsFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	h, err := ReadSafetensorsHeader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("embed: %s: %w", path, err)
	}
	var info TensorInfo
	found := false
	for _, name := range EmbeddingTensorNames {
		if info, found = h.Tensors[name]; found {
			break
		}
	}
	if !found {
		names := h.Names()
		if len(names) > 8 {
			names = append(names[:8], "…")
		}
		return nil, fmt.Errorf("embed: %s has no token-embedding tensor %s (its tensors: %s)",
			path, strings.Join(EmbeddingTensorNames, " or "), strings.Join(names, ", "))
	}
	if len(info.Shape) != 2 || info.Shape[0] == 0 || info.Shape[1] == 0 {
		return nil, fmt.Errorf("embed: %s: tensor %s has shape %v, want [vocab, d] with vocab, d ≥ 1", path, info.Name, info.Shape)
	}
	data, err := ReadTensorFloat32(f, h, info.Name)
	if err != nil {
		return nil, fmt.Errorf("embed: %s: %w", path, err)
	}
	index, err := readGPT2Vocab(dir, info.Shape[0])
	if err != nil {
		return nil, err
	}
	return &Embeddings{format: "gpt2", source: dir, dim: info.Shape[1], data: data, index: index, leadingSpace: o.leadingSpace}, nil
}

// MustLoadGPT2 is [LoadGPT2] that panics on error.
func MustLoadGPT2(dir string, opts ...Option) *Embeddings { return must.M1(LoadGPT2(dir, opts...)) }

// readGPT2Vocab reads vocab.json, or tokenizer.json's model.vocab, and checks every id is a row of W_E.
func readGPT2Vocab(dir string, rows int) (map[string]int, error) {
	path := filepath.Join(dir, vocabFile)
	data, err := os.ReadFile(path)
	var vocab map[string]int
	if errors.Is(err, os.ErrNotExist) {
		path = filepath.Join(dir, tokenizerFile)
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("embed: %w", err)
		}
		var tok struct {
			Model struct {
				Vocab map[string]int `json:"vocab"`
			} `json:"model"`
		}
		if err := json.Unmarshal(data, &tok); err != nil {
			return nil, fmt.Errorf("embed: %s: %w", path, err)
		}
		vocab = tok.Model.Vocab
	} else if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	} else if err := json.Unmarshal(data, &vocab); err != nil {
		return nil, fmt.Errorf("embed: %s: want a JSON object mapping tokens to ids: %w", path, err)
	}
	if len(vocab) == 0 {
		return nil, fmt.Errorf("embed: %s: empty vocabulary", path)
	}
	for tok, id := range vocab {
		if id < 0 || id >= rows {
			return nil, fmt.Errorf("embed: %s: token %q has id %d, outside the %d rows of the embedding matrix", path, tok, id, rows)
		}
	}
	return vocab, nil
}
