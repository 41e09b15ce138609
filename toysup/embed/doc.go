// Package embed does word-embedding arithmetic, as in the opening cells of the seed notebook: the norm of an
// expression such as `(boy - girl) - (man - woman)` and the cosine similarity of two expressions such as
// `boy - girl` and `man - woman`, evaluated on a token-embedding matrix.
//
// # Expressions
//
// Expressions are parsed by a recursive-descent parser (never evaluated as code). The grammar, in EBNF:
//
//	expr    = term { ("+" | "-") term } .
//	term    = unary { "*" number | "/" number } .
//	unary   = ("-" | "+") unary | number [ "*" ] unary | primary .
//	primary = word | quoted | "(" expr ")" .
//	word    = (letter | "_" ) { letter | digit | mark | "_" } .
//	quoted  = `"` { char | `\"` | `\\` } `"` | "'" { char | `\'` | `\\` } "'" .
//	number  = digits [ "." [ digits ] ] [ exponent ] | "." digits [ exponent ] .
//	exponent = ("e" | "E") [ "+" | "-" ] digits .
//
// So `2*king`, `2 king`, `0.5 king`, `king*2`, `king/2`, `-king`, `2(king - man)` and `(a - b)/2` are all
// scalar multiples; a number is never a vector on its own, and vectors are never multiplied together. Without a
// `*`, a number must be followed by a word, a quoted token or `(`: `2 - a` is an error, not 2·(−a), while `2*-a`
// is allowed. An exponent needs its digits: `1e5x` is 100000·x, `2e` is 2·e. Division by zero is an error. Letters,
// digits and marks are Unicode classes; whitespace is ignored between tokens. `+`, `-` are left-associative and
// bind looser than the scalar multiples. Nesting is limited to [MaxDepth] levels.
//
// A syntax error is an [*ExprError]: its Offset is the byte offset (0-based) and Column the column (1-based,
// counted in characters) of the offending input, and its Error text shows the expression with a caret under that
// column. Errors found while evaluating (a word missing from the vocabulary) are [*ExprError]s too, pointing at
// the word.
//
// [Expr.String] prints an expression in a canonical form (single spaces around `+` and `-`, `*` for every scalar
// prefix, parentheses only where needed) that parses back to the same expression.
//
// # Words and tokens
//
// A bare word such as `boy` and a quoted token such as `"boy"` or `" boy"` are looked up differently in a GPT-2
// vocabulary:
//
//   - A bare word is looked up as written, without a leading space, by default: `boy` is the token "boy", as in the
//     seed notebook (TransformerLens's `to_single_token("boy")`). With the leading-space convention
//     ([WithLeadingSpace], CLI flag `--space`) `boy` is the token " boy" instead, spelled "Ġboy" in GPT-2's
//     vocab.json: the form a word takes in the middle of a sentence. A bare word that already starts with `Ġ`
//     (U+0120) is taken as a raw vocabulary entry: `Ġboy` is always " boy".
//   - A quoted token is looked up literally, whatever the convention: `" boy"` is always " boy" and `"boy"` is
//     always "boy". Quotes also reach tokens that are not words: `"2"`, `","`, `"don't"`.
//
// GPT-2's vocabulary is byte-level: every byte of a token's UTF-8 text is shown as one printable character
// (a space is `Ġ`, a newline `Ċ`, the bytes of `é` are `Ã©`). Lookups apply that mapping, so write tokens as text:
// `"café"`, not `"cafÃ©"`. Only single tokens are looked up (there is no BPE merge step): a word that is not one
// token is an error, which names the spaced or unspaced variant when that one is a single token.
//
// In a plain-text source both bare words and quoted tokens are looked up literally; the leading-space convention
// does not apply there.
//
// # Sources
//
// [Load] takes a path:
//
//   - A folder in the Hugging Face layout of GPT-2 (repository `openai-community/gpt2`, formerly `gpt2`):
//     `model.safetensors`, whose tensor `wte.weight` (or `transformer.wte.weight`) of shape `[vocab, d]` in F32, F16
//     or BF16 is the token-embedding matrix W_E, and `vocab.json` (or, failing that, `tokenizer.json`) mapping token
//     strings to row numbers. Nothing is downloaded: fetch the two files yourself, e.g.
//     `huggingface-cli download openai-community/gpt2 model.safetensors vocab.json --local-dir models/gpt2`.
//     [GPT2Dir] gives the conventional location (`$TOYSUP_GPT2_DIR`, else `models/gpt2` next to the notebooks).
//   - A plain-text file, one word per line followed by its d floats, separated by spaces or tabs (the GloVe and
//     word2vec text formats). A first line of exactly two non-negative integers is a word2vec header "count dim";
//     when present the file must hold count lines of dim floats. Blank lines are skipped; a word listed twice is an
//     error.
//
// Vectors are stored as float32, as in the files, and all arithmetic is done in float64.
//
// [Embeddings.AverageNorm] is the seed's `average_W_E_norm`: the mean over all rows of W_E of the row's
// Euclidean norm.
package embed
