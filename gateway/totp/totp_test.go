package totp

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

// rfcSecret is RFC 6238 Appendix B's SHA-1 key "12345678901234567890" in base32.
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

// The RFC's 8-digit SHA-1 vectors; a 6-digit code is the last six digits of the same number.
func TestRFC6238Vectors(t *testing.T) {
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"},          // 94287082
		{1111111109, "081804"},  // 07081804
		{1111111111, "050471"},  // 14050471
		{1234567890, "005924"},  // 89005924
		{2000000000, "279037"},  // 69279037
		{20000000000, "353130"}, // 65353130
	}
	for _, tt := range tests {
		got, err := CodeAt(rfcSecret, Step(time.Unix(tt.unix, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("code at %d = %s, want %s", tt.unix, got, tt.want)
		}
	}
}

func TestVerifyWindow(t *testing.T) {
	now := time.Unix(1234567890, 0)
	step := Step(now)
	code := func(s int64) string {
		c, err := CodeAt(rfcSecret, s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		ok       bool
		wantStep int64
	}{
		{"current", code(step), true, step},
		{"previous step", code(step - 1), true, step - 1},
		{"next step", code(step + 1), true, step + 1},
		{"two steps old", code(step - 2), false, 0},
		{"two steps ahead", code(step + 2), false, 0},
		{"too short", code(step)[:5], false, 0},
		{"letters", "abcdef", false, 0},
		{"empty", "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Verify(rfcSecret, tt.code, now)
			if ok != tt.ok {
				t.Fatalf("Verify ok = %v, want %v", ok, tt.ok)
			}
			if ok && got != tt.wantStep {
				t.Errorf("matched step %d, want %d", got, tt.wantStep)
			}
		})
	}
}

func TestSecretForms(t *testing.T) {
	now := time.Unix(59, 0)
	lower := strings.ToLower(rfcSecret)
	spaced := rfcSecret[:4] + " " + rfcSecret[4:]
	for _, s := range []string{rfcSecret, lower, spaced, rfcSecret + "===="} {
		if _, ok := Verify(s, "287082", now); !ok {
			t.Errorf("secret %q not accepted", s)
		}
	}
	if _, err := CodeAt("not base32!", 1); err == nil {
		t.Error("CodeAt accepted a secret that is not base32")
	}
	if _, ok := Verify("", "287082", now); ok {
		t.Error("Verify accepted an empty secret")
	}
}

func TestURI(t *testing.T) {
	got := URI("checkout", "My Store", "JBSWY3DPEHPK3PXP")
	want := "otpauth://totp/checkout:My%20Store?algorithm=SHA1&digits=6&issuer=checkout&period=30&secret=JBSWY3DPEHPK3PXP"
	if got != want {
		t.Errorf("URI = %s\nwant %s", got, want)
	}
}
