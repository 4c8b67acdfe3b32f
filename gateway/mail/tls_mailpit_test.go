package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
)

// selfSigned writes a certificate for 127.0.0.1 and its key into dir and returns their paths and a
// pool trusting it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestSMTPOverTLSWithAuth sends through servers that demand STARTTLS and implicit TLS, with a
// password, as SMTP_URL names them; a wrong password and an untrusted certificate are refused.
func TestSMTPOverTLSWithAuth(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	auth := filepath.Join(dir, "auth")
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret/pass"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(auth, []byte("shop:"+string(hash)+"\n"), 0o600)
	for _, c := range []struct {
		name, scheme, flag string
	}{
		{"STARTTLS", "smtp", "--smtp-require-starttls"},
		{"implicit TLS", "smtps", "--smtp-require-tls"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mp := mailpittest.StartOwn(t, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, c.flag, "--smtp-auth-file", auth)
			send := func(url string, roots *x509.CertPool) error {
				cfg, err := gmail.ParseSMTPURL(url)
				if err != nil {
					t.Fatal(err)
				}
				cfg.TLS, cfg.Timeout = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, 5*time.Second
				tr, err := gmail.NewSMTP(cfg)
				if err != nil {
					t.Fatal(err)
				}
				to := mailpittest.Inbox(t)
				raw, _ := gmail.Compose(notice(gmail.KindReceipt, to, "tr"), from, renderer)
				if err := tr.Send(context.Background(), from.Address, to, raw); err != nil {
					return err
				}
				mp.Wait(t, to, 1, wait)
				return nil
			}
			if err := send(c.scheme+"://shop:s3cret%2Fpass@"+mp.SMTP, pool); err != nil {
				t.Fatalf("%s with the right password: %v", c.name, err)
			}
			if err := send(c.scheme+"://shop:wrong@"+mp.SMTP, pool); err == nil {
				t.Errorf("%s: a wrong password was accepted", c.name)
			}
			if err := send(c.scheme+"://shop:s3cret%2Fpass@"+mp.SMTP, x509.NewCertPool()); err == nil {
				t.Errorf("%s: an untrusted certificate was accepted", c.name)
			}
		})
	}
}

// TestSTARTTLSIsRequiredByDefault: smtp:// without ?starttls= refuses a server that offers no
// STARTTLS, so a password never goes out in clear.
func TestSTARTTLSIsRequiredByDefault(t *testing.T) {
	mp := mailpittest.Start(t)
	tr := smtpTo(t, "smtp://user:pass@"+mp.SMTP)
	to := mailpittest.Inbox(t)
	raw, _ := gmail.Compose(notice(gmail.KindReceipt, to, "en"), from, renderer)
	if err := tr.Send(context.Background(), from.Address, to, raw); err == nil {
		t.Fatal("sent over a connection without TLS although STARTTLS is required")
	}
}
