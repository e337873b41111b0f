package httpclient

import (
	"strings"
	"unicode/utf8"
)

// Replacement stands for every character Sanitize takes out of a server's
// text: U+FFFD, the Unicode replacement character.
const Replacement = '\uFFFD'

// Sanitize makes text from a server safe to print on a terminal: every C0
// and C1 control character but newline and tab (ESC starts the sequences that
// erase lines, set the window title or write the clipboard; a lone CR
// overwrites a line), DEL, the bidirectional overrides that reorder what is
// shown, and every byte that is not UTF-8 (a lone 0x9b is CSI to some
// terminals) become U+FFFD. Text without any of them comes back unchanged.
func Sanitize(text string) string {
	clean := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if steers(r, size) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if steers(r, size) {
			b.WriteRune(Replacement)
		} else {
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// steers reports whether a rune (of its encoded size) could steer a
// terminal or is not UTF-8 at all.
func steers(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Clean is the one sanitiser for a server's text on its way to a
// diagnostic or a log line: every secret of the set masked, then the
// characters that could steer a terminal replaced (Sanitize). Masking comes
// first, so that a secret is masked whole whatever it contains.
func (s *Secrets) Clean(text string) string {
	return Sanitize(s.Mask(text))
}

// CleanMessage is Clean, cut to maxMessageLen characters: a server's message
// as a diagnostic quotes it. Masking comes before cutting, so that a secret
// cut in half is still masked.
func (s *Secrets) CleanMessage(text string) string {
	return truncate(s.Clean(text))
}
