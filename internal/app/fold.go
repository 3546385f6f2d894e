package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldLetters spells the Latin letters that are not a base letter plus a
// mark the way Norwegian and its neighbours write them in plain ASCII
// (ø is o as in URLs of Norwegian institutions, not oe).
var foldLetters = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ß': "ss", 'ð': "d", 'þ': "th",
	'œ': "oe", 'ł': "l", 'đ': "d", 'ı': "i", 'ŋ': "n",
}

// Fold lower-cases s and spells its Latin letters in ASCII:
// æ→ae, ø→o, å→a, and a letter with a diacritic as its base letter
// (é→e, ü→u, č→c), so a name keeps its words in a program_id instead
// of losing them (“Gründerskolen på Ås” → “grunderskolen pa as”).
// Program ids and institution slugs are made from it; anything else
// (spaces, punctuation) is left for the caller to drop.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue // the mark of a decomposed letter
		}
		if f, ok := foldLetters[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
