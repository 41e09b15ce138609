package cpu

// chunk is one unit of a step's work: instances [k0, k1) over batch rows [s0, s1). Either a chunk covers the
// whole batch of a group of instances (slices = 1), or one instance and one of `slices` batch slices.
type chunk struct{ k0, k1, s0, s1 int }

// Work-splitting constants. The split depends on the config only, never on the number of workers, so results do
// not either.
const (
	// targetChunks is about how many chunks a step is cut into (enough to balance up to 8 workers).
	targetChunks = 16
	// minChunkWork is the least work per chunk, in multiply-adds, that keeps per-chunk overhead small.
	minChunkWork = 1 << 16
	// minSlice is the fewest samples in a batch slice.
	minSlice = 32
	// maxSliceGradFloats bounds the memory of the per-slice gradient buffers (floats).
	maxSliceGradFloats = 1 << 24
)

// plan cuts a step of a tied model into chunks: it returns them and the number of batch slices per instance.
func plan(k, n, m, batch int) ([]chunk, int) { return planFor(k, n, m, batch, n*m+n) }

// planFor is [plan] for `weights` trained parameters per instance.
func planFor(k, n, m, batch, weights int) ([]chunk, int) {
	work := batch * (3*n*m + 4*n) // per instance, roughly
	slices := 1
	if k < targetChunks {
		want := min(targetChunks/k, batch/minSlice, work/minChunkWork)
		if limit := maxSliceGradFloats / (k * weights); want > limit {
			want = max(2, limit)
		}
		for slices*2 <= want { // a power of two balances over 2, 4 or 8 workers.
			slices *= 2
		}
	}
	var out []chunk
	if slices > 1 {
		for i := 0; i < k; i++ {
			for s := 0; s < slices; s++ {
				out = append(out, chunk{k0: i, k1: i + 1, s0: s * batch / slices, s1: (s + 1) * batch / slices})
			}
		}
		return out, slices
	}
	group := max(1, min((minChunkWork+work-1)/work, k/targetChunks))
	for i := 0; i < k; i += group {
		out = append(out, chunk{k0: i, k1: min(k, i+group), s0: 0, s1: batch})
	}
	return out, 1
}
