package cpu

// chunk is one unit of a step's work: instances [k0, k1) over batch rows [s0, s1). Either a chunk covers the
// whole batch of a group of instances (slices = 1), or one instance and one of `slices` batch slices.
type chunk struct{ k0, k1, s0, s1 int }

// Work-splitting constants. The number of batch slices depends on one instance's shape only (n, m, batch), never on
// the number of instances or workers, so neither changes an instance's data streams nor the order in which its
// gradient is summed: instance k trains the same beside any other instances, on any number of cores.
const (
	// targetChunks is about how many chunks a step of many small instances is cut into (enough for 8 workers).
	targetChunks = 16
	// maxSlices is the most batch slices per instance (a power of two: balances over 2, 4 or 8 workers).
	maxSlices = 8
	// minChunkWork is the least work per chunk, in multiply-adds, that keeps per-chunk overhead small.
	minChunkWork = 1 << 16
	// minSlice is the fewest samples in a batch slice.
	minSlice = 32
)

// maxSliceGradFloats bounds the memory of the per-slice gradient buffers (floats): instances are processed in waves
// whose slice buffers fit in it (a variable so tests can force one instance per wave; waves never change results).
var maxSliceGradFloats = 1 << 24

// slicesFor is the number of batch slices of one instance: the largest power of two ≤ maxSlices that keeps at
// least minSlice samples and minChunkWork multiply-adds per slice.
func slicesFor(n, m, batch int) int {
	work := batch * (3*n*m + 4*n) // per instance, roughly
	want := min(maxSlices, batch/minSlice, work/minChunkWork)
	slices := 1
	for slices*2 <= want {
		slices *= 2
	}
	return slices
}

// plan cuts a step of k instances into chunks: each instance's batch slices, or (one slice) groups of whole
// instances. It returns the chunks and the number of batch slices per instance.
func plan(k, n, m, batch int) ([]chunk, int) {
	slices := slicesFor(n, m, batch)
	var out []chunk
	if slices > 1 {
		for i := 0; i < k; i++ {
			for s := 0; s < slices; s++ {
				out = append(out, chunk{k0: i, k1: i + 1, s0: s * batch / slices, s1: (s + 1) * batch / slices})
			}
		}
		return out, slices
	}
	work := batch * (3*n*m + 4*n)
	group := max(1, min((minChunkWork+work-1)/work, k/targetChunks))
	for i := 0; i < k; i += group {
		out = append(out, chunk{k0: i, k1: min(k, i+group), s0: 0, s1: batch})
	}
	return out, 1
}
