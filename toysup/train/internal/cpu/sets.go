package cpu

import "math"

// setLayout is what the instances share of [FeatureSets]: per sample, the generator draws nu 24-bit uniforms U
// (one per set, then one per member of each correlated set); feature i is active by U[act[i]] and takes its value
// from U[val[i]].
type setLayout struct {
	act, val []int32 // `[n]`
	nu       int     // uniforms per sample, rounded up to even (two per 64-bit draw).
}

// setTables is one instance's part: feature i is active iff 0 ≤ U[act[i]] − lo[i] < width[i] (lo and width on the
// 24-bit grid, so the test is lo_i ≤ u < hi_i exactly as for [threshold]); its value is (U[val[i]] − off[i])·scale[i]
// in [0, 1): off = lo and scale = 2^-24/(hi − lo) when the value comes from the set's draw, off = 0 and
// scale = 2^-24 for a correlated member's own draw.
type setTables struct {
	lo, width, off []int32
	scale          []float32
}

func newSetLayout(fs *FeatureSets) *setLayout {
	n := len(fs.Set)
	l := &setLayout{act: make([]int32, n), val: make([]int32, n)}
	sets := len(fs.Correlated)
	next := sets
	for i, s := range fs.Set {
		l.act[i] = int32(s)
		l.val[i] = int32(s)
		if fs.Correlated[s] {
			l.val[i] = int32(next)
			next++
		}
	}
	l.nu = (next + 1) &^ 1
	return l
}

func newSetTables(fs *FeatureSets, k int) *setTables {
	n := len(fs.Set)
	st := &setTables{lo: make([]int32, n), width: make([]int32, n), off: make([]int32, n), scale: make([]float32, n)}
	for i, s := range fs.Set {
		lo, _ := threshold(fs.Lo[k][i])
		hi, _ := threshold(fs.Hi[k][i])
		st.lo[i], st.width[i] = int32(lo), int32(hi-lo)
		if fs.Correlated[s] {
			st.scale[i] = 1.0 / (1 << uniformBits)
			continue
		}
		st.off[i] = int32(lo)
		st.scale[i] = float32(1 / ((fs.Hi[k][i] - fs.Lo[k][i]) * (1 << uniformBits)))
	}
	return st
}

// belowOne is the largest float32 below 1: values are clamped to it, so that rounding never yields 1.
const belowOne = float32(1 - 1.0/(1<<24))

// genSets draws `count` samples of instance d with feature sets into blk (uniforms in u `[nu]`); branch-free like
// [instanceData.gen].
func (d *instanceData) genSets(r *stream, blk *block, count int, u []uint32) {
	n, l, st := d.n, d.more.layout, d.more.sets
	act, val := l.act[:n], l.val[:n]
	lo, width, off, scale := st.lo[:n], st.width[:n], st.off[:n], st.scale[:n]
	u = u[:l.nu]
	blk.size = count
	cnt := 0
	blk.nzOff[0] = 0
	for s := 0; s < count; s++ {
		for j := 0; j+1 < len(u); j += 2 {
			v := r.next()
			u[j], u[j+1] = uint32(v>>40), uint32(v>>16)&(1<<uniformBits-1)
		}
		x := blk.x[s*n : s*n+n]
		nz := blk.nz[cnt : cnt+n]
		c := 0
		for i := range x {
			da := int32(u[act[i]]) - lo[i]
			on := uint32(^(da >> 31) & ((da - width[i]) >> 31)) // 0 ≤ da < width
			v := min(float32(int32(u[val[i]])-off[i])*scale[i], belowOne)
			x[i] = math.Float32frombits(math.Float32bits(v) & on)
			nz[c] = int32(i)
			c += int(on & 1)
		}
		cnt += c
		blk.nzOff[s+1] = int32(cnt)
	}
}

// draw draws `count` samples of instance d into blk: independent features or feature sets, then signed values
// 2v − 1 for the abs model.
func (d *instanceData) draw(r *stream, blk *block, count int, s *scratch) {
	if d.more == nil {
		d.gen(r, blk, count)
		return
	}
	if d.more.sets != nil {
		d.genSets(r, blk, count, s.u)
	} else {
		d.gen(r, blk, count)
	}
	if d.more.signed {
		n := d.n
		for smp := 0; smp < count; smp++ {
			xs := blk.x[smp*n : smp*n+n]
			for _, i := range blk.nz[blk.nzOff[smp]:blk.nzOff[smp+1]] {
				xs[i] = 2*xs[i] - 1
			}
		}
	}
}
