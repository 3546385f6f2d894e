package chart

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text cannot be measured on the server, so widths are estimated from the
// advance widths of DejaVu Sans (in em), one of the widest common sans-serif
// faces: labels sized this way fit when the browser uses Segoe UI, Roboto,
// San Francisco or Arial, which are all narrower.
var advance = map[rune]float64{
	' ': 0.318, '!': 0.401, '"': 0.460, '#': 0.838, '$': 0.636, '%': 0.950,
	'&': 0.780, '\'': 0.275, '(': 0.390, ')': 0.390, '*': 0.500, '+': 0.838,
	',': 0.318, '-': 0.361, '.': 0.318, '/': 0.337, ':': 0.337, ';': 0.337,
	'<': 0.838, '=': 0.838, '>': 0.838, '?': 0.531, '@': 1.000, '[': 0.390,
	']': 0.390, '_': 0.500, '|': 0.337, '…': 1.000, '–': 0.500, '—': 1.000,
	'−': 0.838, '\u00a0': 0.318, '\u202f': 0.200,
	'a': 0.613, 'b': 0.635, 'c': 0.550, 'd': 0.635, 'e': 0.615, 'f': 0.352,
	'g': 0.635, 'h': 0.634, 'i': 0.278, 'j': 0.278, 'k': 0.579, 'l': 0.278,
	'm': 0.974, 'n': 0.634, 'o': 0.612, 'p': 0.635, 'q': 0.635, 'r': 0.411,
	's': 0.521, 't': 0.392, 'u': 0.634, 'v': 0.592, 'w': 0.818, 'x': 0.592,
	'y': 0.592, 'z': 0.525, 'æ': 0.981, 'ø': 0.612, 'å': 0.613,
	'A': 0.684, 'B': 0.686, 'C': 0.698, 'D': 0.770, 'E': 0.632, 'F': 0.575,
	'G': 0.775, 'H': 0.752, 'I': 0.295, 'J': 0.295, 'K': 0.656, 'L': 0.557,
	'M': 0.863, 'N': 0.748, 'O': 0.787, 'P': 0.603, 'Q': 0.787, 'R': 0.695,
	'S': 0.635, 'T': 0.611, 'U': 0.732, 'V': 0.684, 'W': 0.989, 'X': 0.685,
	'Y': 0.611, 'Z': 0.685, 'Æ': 0.976, 'Ø': 0.787, 'Å': 0.684,
}

// textWidth estimates the width of s at the given font size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch a, ok := advance[r]; {
		case ok:
			w += a
		case r >= '0' && r <= '9':
			w += 0.636
		case unicode.Is(unicode.Mn, r):
			// combining marks take no space
		case unicode.IsUpper(r):
			w += 0.75
		case r > 0x2e80:
			w += 1.0 // CJK and other wide scripts
		default:
			w += 0.65
		}
	}
	return w * size
}

// piece is a part of a label that a line may end after: a word, or the part
// of a hyphenated word up to and including a hyphen.
type piece struct {
	s    string
	glue bool // continues the previous piece's word: no space before it
}

func pieces(s string) []piece {
	var out []piece
	for _, w := range strings.Fields(s) {
		glue := false
		for w != "" {
			i := strings.IndexAny(w[1:], "-–/") + 1 // never split off a leading hyphen
			if i == 0 || i == len(w)-1 {
				i = len(w) - 1
			}
			_, n := utf8.DecodeRuneInString(w[i:])
			out = append(out, piece{w[:i+n], glue})
			w, glue = w[i+n:], true
		}
	}
	return out
}

// wrap breaks s into at most maxLines lines no wider than maxW, between
// words or after hyphens; it reports whether text had to be cut (the last
// line then ends with an ellipsis).
func wrap(s string, maxW, size float64, maxLines int) (lines []string, cut bool) {
	ps := pieces(s)
	var cur string
	for i := 0; i < len(ps); i++ {
		try := ps[i].s
		if cur != "" && ps[i].glue {
			try = cur + ps[i].s
		} else if cur != "" {
			try = cur + " " + ps[i].s
		}
		if textWidth(try, size) <= maxW {
			cur = try
			continue
		}
		if cur == "" { // a single piece wider than the line: split it
			head, tail := fit(ps[i].s, maxW, size)
			lines = append(lines, head)
			ps[i] = piece{tail, true}
		} else {
			lines = append(lines, cur)
			cur = ""
		}
		i--
		if len(lines) == maxLines {
			return ellipsize(lines, maxW, size), true
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines, false
}

// fit splits s after the longest prefix (at least one rune) that fits maxW.
func fit(s string, maxW, size float64) (head, tail string) {
	n := 0
	for i, r := range s {
		if i > 0 && textWidth(s[:i+utf8.RuneLen(r)], size) > maxW {
			break
		}
		n = i + utf8.RuneLen(r)
	}
	return s[:n], s[n:]
}

// ellipsize ends the last line with "…", shortening it so it still fits.
func ellipsize(lines []string, maxW, size float64) []string {
	last := []rune(strings.TrimSpace(lines[len(lines)-1]))
	for len(last) > 0 && textWidth(string(last)+"…", size) > maxW {
		last = last[:len(last)-1]
	}
	lines[len(lines)-1] = strings.TrimRight(string(last), " ,.;:-") + "…"
	return lines
}
