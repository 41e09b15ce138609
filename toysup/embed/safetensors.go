package embed

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
)

// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length N, N
// bytes of JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (plus an optional
// "__metadata__" map of strings), then the raw little-endian data; offsets count from the first byte after the
// header.

// maxSafetensorsHeader bounds the JSON header (the reference implementation allows 100 MB).
const maxSafetensorsHeader = 100 << 20

// TensorInfo describes one tensor of a safetensors file.
type TensorInfo struct {
	Name  string
	DType string // "F32", "F16", "BF16", "F64", …
	Shape []int
	// Begin and End are byte offsets of the data, relative to [SafetensorsHeader.DataOffset].
	Begin, End int64
}

// SafetensorsHeader is the parsed header of a safetensors file.
type SafetensorsHeader struct {
	Tensors  map[string]TensorInfo
	Metadata map[string]string
	// DataOffset is the file offset of the data: 8 + the header length.
	DataOffset int64
}

// dtypeSizes are the element sizes of the safetensors dtypes.
var dtypeSizes = map[string]int64{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
	"I16": 2, "U16": 2, "F16": 2, "BF16": 2,
	"I32": 4, "U32": 4, "F32": 4,
	"I64": 8, "U64": 8, "F64": 8,
}

// Names lists the tensor names, sorted.
func (h *SafetensorsHeader) Names() []string {
	names := make([]string, 0, len(h.Tensors))
	for n := range h.Tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ReadSafetensorsHeader reads and checks the header of a safetensors file of size bytes: every tensor's dtype is
// known and its data lies inside the file with the size its shape implies.
func ReadSafetensorsHeader(r io.ReaderAt, size int64) (*SafetensorsHeader, error) {
	if size < 8 {
		return nil, fmt.Errorf("safetensors: file of %d bytes is too short for the 8-byte header length", size)
	}
	var lenBuf [8]byte
	if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
		return nil, fmt.Errorf("safetensors: reading the header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > maxSafetensorsHeader || int64(n) > size-8 {
		return nil, fmt.Errorf("safetensors: header length %d exceeds the file (%d bytes) or the %d-byte limit: not a safetensors file?",
			n, size, maxSafetensorsHeader)
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, 8); err != nil {
		return nil, fmt.Errorf("safetensors: reading the %d-byte header: %w", n, err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(buf, &raw); err != nil {
		return nil, fmt.Errorf("safetensors: header is not a JSON object: %w", err)
	}
	h := &SafetensorsHeader{Tensors: map[string]TensorInfo{}, DataOffset: 8 + int64(n)}
	dataLen := size - h.DataOffset
	for name, msg := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(msg, &h.Metadata); err != nil {
				return nil, fmt.Errorf("safetensors: __metadata__ must map strings to strings: %w", err)
			}
			continue
		}
		var t struct {
			DType       string  `json:"dtype"`
			Shape       []int64 `json:"shape"`
			DataOffsets []int64 `json:"data_offsets"`
		}
		if err := json.Unmarshal(msg, &t); err != nil {
			return nil, fmt.Errorf("safetensors: tensor %q: %w", name, err)
		}
		elem, ok := dtypeSizes[t.DType]
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q: unknown dtype %q", name, t.DType)
		}
		if len(t.DataOffsets) != 2 {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets must be [begin, end], got %v", name, t.DataOffsets)
		}
		begin, end := t.DataOffsets[0], t.DataOffsets[1]
		if begin < 0 || end < begin || end > dataLen {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets [%d, %d] outside the %d bytes of data", name, begin, end, dataLen)
		}
		count := int64(1)
		shape := make([]int, len(t.Shape))
		for i, d := range t.Shape {
			if d < 0 || (d > 0 && count > math.MaxInt64/8/d) {
				return nil, fmt.Errorf("safetensors: tensor %q: bad shape %v", name, t.Shape)
			}
			count *= d
			shape[i] = int(d)
		}
		if count*elem != end-begin {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v of %s needs %d bytes, data_offsets give %d",
				name, t.Shape, t.DType, count*elem, end-begin)
		}
		h.Tensors[name] = TensorInfo{Name: name, DType: t.DType, Shape: shape, Begin: begin, End: end}
	}
	return h, nil
}

// ReadTensorFloat32 reads the tensor name of a floating-point dtype (F32, F16, BF16 or F64) as float32, in
// row-major order; its shape is h.Tensors[name].Shape.
func ReadTensorFloat32(r io.ReaderAt, h *SafetensorsHeader, name string) ([]float32, error) {
	t, ok := h.Tensors[name]
	if !ok {
		return nil, fmt.Errorf("safetensors: no tensor %q", name)
	}
	var elem int64
	var conv func(b []byte) float32
	switch t.DType {
	case "F32":
		elem, conv = 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }
	case "F16":
		elem, conv = 2, func(b []byte) float32 { return Float16ToFloat32(binary.LittleEndian.Uint16(b)) }
	case "BF16":
		elem, conv = 2, func(b []byte) float32 { return BFloat16ToFloat32(binary.LittleEndian.Uint16(b)) }
	case "F64":
		elem, conv = 8, func(b []byte) float32 { return float32(math.Float64frombits(binary.LittleEndian.Uint64(b))) }
	default:
		return nil, fmt.Errorf("safetensors: tensor %q has dtype %s: only F32, F16, BF16 and F64 are read", name, t.DType)
	}
	n := (t.End - t.Begin) / elem
	out := make([]float32, n)
	const chunk = 1 << 20 // elements per read
	buf := make([]byte, min(n, chunk)*elem)
	for start := int64(0); start < n; start += chunk {
		cnt := min(chunk, n-start)
		b := buf[:cnt*elem]
		if _, err := r.ReadAt(b, h.DataOffset+t.Begin+start*elem); err != nil {
			return nil, fmt.Errorf("safetensors: reading tensor %q: %w", name, err)
		}
		for i := range cnt {
			out[start+i] = conv(b[i*elem:])
		}
	}
	return out, nil
}

// Float16ToFloat32 converts an IEEE 754 half-precision number (1 sign, 5 exponent, 10 fraction bits) exactly.
func Float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp != 0: // normal: rebias 15 → 127
		return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
	case frac == 0:
		return math.Float32frombits(sign)
	}
	// Subnormal: frac · 2^-24.
	v := float32(frac) * (1.0 / (1 << 24))
	if sign != 0 {
		v = -v
	}
	return v
}

// BFloat16ToFloat32 converts a bfloat16 (the upper 16 bits of a float32) exactly.
func BFloat16ToFloat32(b uint16) float32 { return math.Float32frombits(uint32(b) << 16) }
