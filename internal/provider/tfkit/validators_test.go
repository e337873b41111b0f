package tfkit

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@example.com": true, "First.Last+tag@sub.example.co": true,
		"": false, "a": false, "a@": false, "@example.com": false, "a@example": false, "a b@example.com": false,
		"A <a@example.com>": false, "a@@example.com": false, "a@example.com.": false,
	} {
		assert.Equal(t, want, validEmail(s), "validEmail(%q)", s)
	}
}
