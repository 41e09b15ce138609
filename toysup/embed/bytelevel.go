package embed

import "strings"

// byteToRune is GPT-2's byte-level alphabet (bytes_to_unicode in OpenAI's encoder.py): the printable bytes
// '!'..'~', '¡'..'¬' and '®'..'ÿ' stand for themselves; the other 68 bytes, in order, are U+0100, U+0101, … — so a
// space (0x20) is 'Ġ' (U+0120) and a newline (0x0A) is 'Ċ' (U+010A).
var byteToRune = func() [256]rune {
	var t [256]rune
	n := rune(0)
	for b := range 256 {
		if ('!' <= b && b <= '~') || (0xA1 <= b && b <= 0xAC) || (0xAE <= b && b <= 0xFF) {
			t[b] = rune(b)
		} else {
			t[b] = 256 + n
			n++
		}
	}
	return t
}()

// ByteLevel spells text as GPT-2's vocabulary does: each byte of its UTF-8 encoding becomes one character of the
// byte-level alphabet. ByteLevel(" boy") is "Ġboy"; ByteLevel("café") is "cafÃ©".
func ByteLevel(text string) string {
	var sb strings.Builder
	for i := 0; i < len(text); i++ {
		sb.WriteRune(byteToRune[text[i]])
	}
	return sb.String()
}

// FromByteLevel is the inverse of [ByteLevel]; ok is false when s holds a character outside the byte-level
// alphabet. FromByteLevel("Ġboy") is " boy".
func FromByteLevel(s string) (text string, ok bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, found := runeToByte[r]
		if !found {
			return "", false
		}
		b = append(b, c)
	}
	return string(b), true
}

var runeToByte = func() map[rune]byte {
	m := make(map[rune]byte, 256)
	for b, r := range byteToRune {
		m[r] = byte(b)
	}
	return m
}()
