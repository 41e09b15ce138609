package cpu

import "math/bits"

// stream is a small, fast random number generator (wyrand: a Weyl sequence hashed by a 128-bit multiply); each
// batch slice of each instance at each step gets its own, seeded by [newStream].
type stream struct{ s uint64 }

func (r *stream) next() uint64 {
	r.s += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(r.s, r.s^0xe7037ed1a0b428db)
	return hi ^ lo
}

// splitmix64's finaliser: a bijective mix of 64 bits.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newStream returns the stream of batch slice `slice` of instance `instance` (its global index: a shard's first
// instance is not 0) at step `step` for seed. It depends on nothing else, so an instance draws the same data
// whatever instances train beside it, on any number of cores.
func newStream(seed int64, step, instance, slice int) stream {
	s := mix64(uint64(seed) ^ 0x70795f73757021)
	s = mix64(s + uint64(step)*0x9e3779b97f4a7c15)
	s = mix64(s + uint64(instance)*0xd1b54a32d192ed03 + 1)
	s = mix64(s + uint64(slice)*0x8cb92ba72f3d8dd7 + 2)
	return stream{s: s}
}

// uniformBits is the number of random bits per uniform: u = r/2^24 is a float32 in [0, 1) exactly.
const uniformBits = 24

// threshold returns the integer t with r < t ⟺ r/2^24 < p for 24-bit r, and scale = 2^-24/p so that x = r·scale is
// u/p (rounded to float32).
func threshold(p float64) (t uint32, scale float32) {
	const one = 1 << uniformBits
	tf := p * one
	t = uint32(tf)
	if float64(t) < tf {
		t++
	}
	return t, float32(1 / (p * one))
}
