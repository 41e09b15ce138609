package cpu

import (
	"runtime"
	"sync/atomic"
)

// pool runs a task on a fixed set of workers: the caller is worker 0 and helpers 1…n−1 are goroutines. Helpers
// spin briefly between tasks (a training step is often shorter than waking a parked thread) and then sleep.
type pool struct {
	n       int
	task    func(w int)
	gen     atomic.Uint64
	_       [56]byte
	pending atomic.Int64
	_       [56]byte
	helpers []*helper
	quit    atomic.Bool
}

type helper struct {
	sleeping atomic.Int32
	wake     chan struct{}
	_        [64]byte // keep helpers' flags on separate cache lines
}

// spinLimit is how many polls a helper spins before sleeping (tens of microseconds).
const spinLimit = 1 << 15

func newPool(n int) *pool {
	p := &pool{n: n}
	for w := 1; w < n; w++ {
		h := &helper{wake: make(chan struct{}, 1)}
		p.helpers = append(p.helpers, h)
		go p.loop(w, h)
	}
	return p
}

func (p *pool) loop(w int, h *helper) {
	seen := uint64(0)
	for {
		g := p.gen.Load()
		for spins := 0; g == seen; spins++ {
			if spins < spinLimit {
				g = p.gen.Load()
				continue
			}
			h.sleeping.Store(1)
			if g = p.gen.Load(); g != seen {
				if !h.sleeping.CompareAndSwap(1, 0) {
					<-h.wake // the caller took the flag and sent a token
				}
				break
			}
			<-h.wake
			g = p.gen.Load()
		}
		seen = g
		if p.quit.Load() {
			p.pending.Add(-1)
			return
		}
		p.task(w)
		p.pending.Add(-1)
	}
}

// run runs task(w) on every worker w and returns when all have returned.
func (p *pool) run(task func(w int)) {
	if p.n == 1 {
		task(0)
		return
	}
	p.task = task
	p.pending.Store(int64(p.n - 1))
	p.gen.Add(1)
	for _, h := range p.helpers {
		if h.sleeping.CompareAndSwap(1, 0) {
			h.wake <- struct{}{}
		}
	}
	task(0)
	p.wait()
}

func (p *pool) wait() {
	for spins := 0; p.pending.Load() != 0; spins++ {
		if spins > spinLimit {
			runtime.Gosched()
		}
	}
}

// close stops the helpers.
func (p *pool) close() {
	if p.n == 1 {
		return
	}
	p.quit.Store(true)
	p.run(func(int) {})
}
