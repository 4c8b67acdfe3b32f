package engine_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

func newDedicate(t testing.TB, e *engine.Engine, s gateway.Store, req gateway.CreateDedicateRequest) gateway.Dedicate {
	t.Helper()
	d, err := e.CreateDedicate(context.Background(), s, req)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Payment and dedicated addresses share each network's index sequence of the store's seed phrase,
// and are the standard BIP-84/BIP-44 addresses of "abandon … about".
func TestAddressesFollowTheSeedPhrase(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	tests := []struct {
		name, got, want string
	}{
		{"BTC payment, index 0", p.Address, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"},
		{"BTC dedicate, index 1", newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "BTC"}).Address, "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"},
		{"USDT.ERC20 dedicate, ETH index 0", newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "USDT.ERC20"}).Address, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},
		{"USDT.TRC20 dedicate, TRON index 0", newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "USDT.TRC20", DedicateType: "ASSIGN"}).Address, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"},
		{"LTC dedicate, index 0", newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "LTC"}).Address, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wh"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: address %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

func TestDedicateObject(t *testing.T) {
	e, clock := newGW2(t)
	s := testStore(t, e)
	var req gateway.CreateDedicateRequest
	if err := json.Unmarshal([]byte(`{"asset_id":"BTC","payer_email":"name@email.com","payer_name":"Customer name",
		"payer_lang":"en","description":"The payment for item in store","address_alloc":"NEW","dedicate_type":"USES",
		"custom":{"client_id":"9a33","org_id":3},"custom1":"some value 1",
		"webhook_url":"https://yourserver.com/webhook","success_url":"https://yoursite.com/success"}`), &req); err != nil {
		t.Fatal(err)
	}
	d := newDedicate(t, e, s, req)
	checks := []struct{ name, got, want string }{
		{"dedicate_num", d.DedicateNum, "1"},
		{"dedicate_type", d.DedicateType, "USES"},
		{"status", d.Status, "OPEN"},
		{"status_name", d.StatusName, "Open"},
		{"asset_id", d.AssetID, "BTC"},
		{"crypto_network", d.CryptoNetwork, "BITCOIN"},
		{"address_alloc", d.AddressAlloc, "NEW"},
		{"store_name", d.StoreName, "Shop"},
		{"start_date", d.StartDate.Format("2006-01-02T15:04:05Z"), "2026-05-06T07:08:09Z"},
		{"end_date", d.EndDate.Format("2006-01-02T15:04:05Z"), "2036-05-06T07:08:09Z"},
		{"payment_url", d.PaymentURL, "https://pay.example/dedicate/" + d.DedicateID},
		{"qrcode_url", d.QRCodeURL, "https://pay.example/int/dedicate/" + d.DedicateID + "/qrcode?oi=" + d.StoreID},
		{"crypto_address_link", d.AddressLink, "https://live.blockcypher.com/btc/address/" + d.Address},
		{"custom", string(d.Custom), `{"client_id":"9a33","org_id":3}`},
		{"custom1", d.Custom1, "some value 1"},
		{"success_url", d.SuccessURL, "https://yoursite.com/success"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !gateway.IsUUID(d.DedicateID) || !gateway.IsUUID(d.AccountID) || !gateway.IsUUID(d.AddressID) {
		t.Errorf("ids are not UUIDs: %+v", d)
	}
	if !d.IsTest {
		t.Error("is_test = false for a test store's dedicate")
	}

	clock.Advance(3600e9)
	released, err := e.ReleaseDedicate(context.Background(), s.StoreID, d.DedicateID)
	if err != nil {
		t.Fatal(err)
	}
	if released.Status != "COMPLETE" || released.StatusName != "Complete" || released.CompleteDate == nil {
		t.Errorf("released = %s/%s complete_date %v, want COMPLETE/Complete with a date", released.Status, released.StatusName, released.CompleteDate)
	}
	again, err := e.ReleaseDedicate(context.Background(), s.StoreID, d.DedicateID)
	if err != nil {
		t.Fatalf("releasing twice: %v", err)
	}
	if !again.CompleteDate.Equal(released.CompleteDate.Time) {
		t.Errorf("a second release moved complete_date from %v to %v", released.CompleteDate, again.CompleteDate)
	}
	public, err := e.DedicateByID(context.Background(), d.DedicateID)
	if err != nil {
		t.Fatal(err)
	}
	if public.Status != "COMPLETE" || public.Address != d.Address {
		t.Errorf("DedicateByID = %s %s", public.Status, public.Address)
	}
}

func TestDedicateLookupErrors(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	other := gw2Store(t, e, engine.NewStore{IsTest: true, Name: "Other"})
	d := newDedicate(t, e, other, gateway.CreateDedicateRequest{AssetID: "ETH"})
	ctx := context.Background()
	for _, id := range []string{"not-a-uuid", "00000000-0000-4000-8000-000000000000", d.DedicateID} {
		_, err := e.Dedicate(ctx, s.StoreID, id)
		mustCode(t, err, gateway.ErrCodeNoDedicate)
		_, err = e.ReleaseDedicate(ctx, s.StoreID, id)
		mustCode(t, err, gateway.ErrCodeNoDedicate)
	}
	_, err := e.DedicateByID(ctx, "00000000-0000-4000-8000-000000000000")
	mustCode(t, err, gateway.ErrCodeNoDedicate)

	bad := []struct {
		req   gateway.CreateDedicateRequest
		code  string
		field string
	}{
		{gateway.CreateDedicateRequest{}, gateway.ErrCodeRequiredField, "asset_id"},
		{gateway.CreateDedicateRequest{AssetID: "DOGE"}, gateway.ErrCodeNoAsset, "asset_id"},
		{gateway.CreateDedicateRequest{AssetID: "USD"}, gateway.ErrCodeNotCrypto, "asset_id"},
		{gateway.CreateDedicateRequest{AssetID: "BTC", AddressAlloc: "REUSE"}, gateway.ErrCodeInvalidField, "address_alloc"},
		{gateway.CreateDedicateRequest{AssetID: "BTC", DedicateType: "ONCE"}, gateway.ErrCodeInvalidField, "dedicate_type"},
		{gateway.CreateDedicateRequest{AssetID: "BTC", MerchantFields: gateway.MerchantFields{WebhookURL: "ftp://x"}}, gateway.ErrCodeInvalidURL, "webhook_url"},
	}
	for _, b := range bad {
		_, err := e.CreateDedicate(ctx, s, b.req)
		mustCode(t, err, b.code)
		mustField(t, err, b.field)
	}
}

// USES: every incoming transaction becomes an OPEN_AMOUNT payment of the dedicate, with the normal
// lifecycle, webhooks and credits.
func TestDedicateUses(t *testing.T) {
	e, _ := newGW2(t)
	s := gw2Store(t, e, engine.NewStore{IsTest: true, WebhookURL: "https://merchant.example/hook"})
	ctx := context.Background()
	d := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "USDT.TRC20", MerchantFields: gateway.MerchantFields{
		Description: "top-up of client 42", CustomFields: gateway.CustomFields{Custom: `{"client":42}`}, PayerEmail: "c@example.com"}})

	tx1, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("25"))
	if err != nil {
		t.Fatal(err)
	}
	if tx1.DedicateID != d.DedicateID || tx1.Address != d.Address || !tx1.Amount.Equal(gateway.MustAmount("25")) {
		t.Errorf("transaction = %+v, want 25 to %s", tx1, d.Address)
	}
	p1 := paymentNow(t, e, s, tx1.PaymentID)
	checks := []struct{ name, got, want string }{
		{"payment_type", p1.PaymentType, gateway.OpenAmount},
		{"dedicate_id", p1.DedicateID, d.DedicateID},
		{"address", p1.Address, d.Address},
		{"address_id", p1.AddressID, d.AddressID},
		{"payment_asset_id", p1.PaymentAssetID, "USDT.TRC20"},
		{"asset_id", p1.AssetID, "USDT.TRC20"},
		{"status", p1.Status, gateway.StatusClosing},
		{"ip_amount", p1.IPAmount.String(), "25"},
		{"paid_amount", p1.PaidAmount.String(), "25"},
		{"description", p1.Description, "top-up of client 42"},
		{"custom", string(p1.Custom), `{"client":42}`},
		{"payer_email", p1.PayerEmail, "c@example.com"},
		{"end_date", p1.EndDate.Sub(p1.StartDate.Time).String(), "1h0m0s"}, // TRON's default timeout_to_trx
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("USES payment %s = %q, want %q", c.name, c.got, c.want)
		}
	}
	tx2, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("5.5"))
	if err != nil {
		t.Fatal(err)
	}
	if tx2.PaymentID == tx1.PaymentID {
		t.Fatal("the second transaction was booked on the first payment; USES makes a payment per transaction")
	}
	list, err := e.Payments(ctx, s.StoreID, gateway.PaymentFilter{From: gw2Start.AddDate(0, 0, -1), To: gw2Start, DedicateID: d.DedicateID})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(list); got != 2 {
		t.Fatalf("payments of the dedicate = %d, want 2", got)
	}

	wantAmount(t, "balance before confirmations", account(t, e, s, "USDT.TRC20").Balance, "0")
	mineN(t, e, s, gateway.NetworkTron, 19)
	for _, id := range []string{tx1.PaymentID, tx2.PaymentID} {
		if got := paymentNow(t, e, s, id).Status; got != gateway.StatusComplete {
			t.Errorf("payment %s is %s after 19 blocks, want COMPLETE", id, got)
		}
		var names []string
		for _, w := range events(t, e, s, id) {
			names = append(names, w.Event)
		}
		if got, want := strings.Join(names, ","), "payment.open,payment.complete"; got != want {
			t.Errorf("webhooks of %s = %s, want %s", id, got, want)
		}
	}
	wantAmount(t, "balance after completion", account(t, e, s, "USDT.TRC20").Balance, "30.5")

	if _, err := e.ReleaseDedicate(ctx, s.StoreID, d.DedicateID); err != nil {
		t.Fatal(err)
	}
	_, err = e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("1"))
	mustCode(t, err, gateway.ErrCodeDedicateReleased)
}

func TestDedicateEmulationErrors(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	live := gw2Store(t, e, engine.NewStore{Name: "Live"})
	ctx := context.Background()
	d := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "BTC"})
	liveD := newDedicate(t, e, live, gateway.CreateDedicateRequest{AssetID: "BTC"})
	tests := []struct {
		name   string
		store  gateway.Store
		id     string
		amount gateway.AmountInput
		code   string
	}{
		{"live store", live, liveD.DedicateID, amountInput("1"), gateway.ErrCodeNotTestStore},
		{"unknown id", s, "00000000-0000-4000-8000-000000000000", amountInput("1"), gateway.ErrCodeNoDedicate},
		{"another store's", s, liveD.DedicateID, amountInput("1"), gateway.ErrCodeNoDedicate},
		{"no amount", s, d.DedicateID, gateway.AmountInput{}, gateway.ErrCodeRequiredField},
		{"negative", s, d.DedicateID, amountInput("-1"), gateway.ErrCodeInvalidAmount},
		{"beyond BTC precision", s, d.DedicateID, amountInput("0.000000001"), gateway.ErrCodeInvalidAmount},
	}
	for _, tt := range tests {
		_, err := e.EmulateDedicateTransaction(ctx, tt.store, tt.id, tt.amount)
		if got := gateway.ErrorCode(err); got != tt.code {
			t.Errorf("%s: code %s (%v), want %s", tt.name, got, err, tt.code)
		}
	}
}

// ASSIGN: a payment created with the dedicate_id takes its address, one payment at a time.
func TestDedicateAssign(t *testing.T) {
	e, clock := newGW2(t)
	s := testStore(t, e)
	ctx := context.Background()
	d := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "ETH", DedicateType: "assign"})
	if d.DedicateType != gateway.DedicateAssign {
		t.Fatalf("dedicate_type = %s, want ASSIGN", d.DedicateType)
	}
	// Never given to a payment: a transaction has nobody to go to.
	_, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("0.1"))
	mustCode(t, err, gateway.ErrCodeNoPayment)

	withDedicate := func(crypto, id string) gateway.CreatePaymentRequest {
		r := fixedCrypto("0.5", crypto)
		r.DedicateID = id
		return r
	}
	p1 := newPayment(t, e, s, withDedicate("ETH", d.DedicateID))
	if p1.Address != d.Address || p1.AddressID != d.AddressID || p1.DedicateID != d.DedicateID {
		t.Fatalf("payment address %s (%s), want the dedicate's %s", p1.Address, p1.DedicateID, d.Address)
	}
	uses := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "ETH"})
	usdt := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "USDT.ERC20", DedicateType: "ASSIGN"})
	released := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "ETH", DedicateType: "ASSIGN"})
	if _, err := e.ReleaseDedicate(ctx, s.StoreID, released.DedicateID); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		req  gateway.CreatePaymentRequest
		code string
	}{
		{"in use", withDedicate("ETH", d.DedicateID), gateway.ErrCodeDedicateInUse},
		{"USES type", withDedicate("ETH", uses.DedicateID), gateway.ErrCodeDedicateNotAssign},
		{"other asset", withDedicate("ETH", usdt.DedicateID), gateway.ErrCodeDedicateAsset},
		{"released", withDedicate("ETH", released.DedicateID), gateway.ErrCodeDedicateReleased},
		{"unknown", withDedicate("ETH", "00000000-0000-4000-8000-000000000000"), gateway.ErrCodeNoDedicate},
		{"not an id", withDedicate("ETH", "nope"), gateway.ErrCodeNoDedicate},
	}
	for _, b := range bad {
		_, err := e.CreatePayment(ctx, s, b.req)
		if got := gateway.ErrorCode(err); got != b.code {
			t.Errorf("%s: code %s (%v), want %s", b.name, got, err, b.code)
			continue
		}
		mustField(t, err, "dedicate_id")
	}

	// A transaction to the address goes to the payment holding it.
	tx, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("0.5"))
	if err != nil {
		t.Fatal(err)
	}
	if tx.PaymentID != p1.PaymentID || tx.Late {
		t.Fatalf("transaction booked on %s (late %v), want on-time on %s", tx.PaymentID, tx.Late, p1.PaymentID)
	}
	mineN(t, e, s, gateway.NetworkEthereum, 10)
	if got := paymentNow(t, e, s, p1.PaymentID).Status; got != gateway.StatusComplete {
		t.Fatalf("assigned payment is %s, want COMPLETE", got)
	}
	// Free again: the next payment takes the same address.
	clock.Advance(60e9)
	p2 := newPayment(t, e, s, withDedicate("ETH", d.DedicateID))
	if p2.Address != d.Address {
		t.Errorf("second payment address %s, want %s", p2.Address, d.Address)
	}
	if _, err := e.ExpireTestPayment(ctx, s, p2.PaymentID); err != nil {
		t.Fatal(err)
	}
	// No payment holds it now: the latest one that did gets the money as a late transaction.
	late, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountInput("0.2"))
	if err != nil {
		t.Fatal(err)
	}
	if late.PaymentID != p2.PaymentID || !late.Late {
		t.Errorf("transaction after the payments booked on %s (late %v), want late on %s", late.PaymentID, late.Late, p2.PaymentID)
	}
	mineN(t, e, s, gateway.NetworkEthereum, 10)
	wantAmount(t, "ETH balance", account(t, e, s, "ETH").Balance, "0.7")
}

// POOL reuses the store's oldest address that nothing open holds; NEW always derives a new one.
func TestDedicatePool(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	ctx := context.Background()
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC")) // index 0, held while OPEN
	pooled := func() gateway.Dedicate {
		return newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "BTC", AddressAlloc: "POOL"})
	}
	d1 := pooled()
	if d1.Address == p.Address {
		t.Fatalf("POOL took the address of an OPEN payment")
	}
	if d1.AddressAlloc != "POOL" {
		t.Errorf("address_alloc = %s, want POOL", d1.AddressAlloc)
	}
	if _, err := e.ExpireTestPayment(ctx, s, p.PaymentID); err != nil {
		t.Fatal(err)
	}
	d2 := pooled()
	if d2.Address != p.Address {
		t.Errorf("POOL after the payment was cancelled = %s, want its freed address %s", d2.Address, p.Address)
	}
	d3 := pooled() // index 0 and 1 are held by open dedicates
	if d3.Address == d1.Address || d3.Address == d2.Address {
		t.Errorf("POOL reused %s, held by an OPEN dedicate", d3.Address)
	}
	if _, err := e.ReleaseDedicate(ctx, s.StoreID, d1.DedicateID); err != nil {
		t.Fatal(err)
	}
	if d4 := pooled(); d4.Address != d1.Address {
		t.Errorf("POOL after release = %s, want the released %s", d4.Address, d1.Address)
	}
	n := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "BTC", AddressAlloc: "NEW"})
	for _, other := range []string{p.Address, d1.Address, d3.Address} {
		if n.Address == other {
			t.Errorf("NEW reused %s", other)
		}
	}
}

func TestDedicatesExpireAfterTenYears(t *testing.T) {
	e, clock := newGW2(t)
	s := testStore(t, e)
	d := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: "BTC"})
	clock.Advance(d.EndDate.Sub(gw2Start) - 1e9)
	if n, err := e.ExpireHeld(context.Background()); err != nil || n != 0 {
		t.Fatalf("ExpireHeld a second early = %d, %v; want 0", n, err)
	}
	clock.Advance(1e9)
	if n, err := e.ExpireHeld(context.Background()); err != nil || n != 1 {
		t.Fatalf("ExpireHeld at end_date = %d, %v; want 1", n, err)
	}
	got, err := e.Dedicate(context.Background(), s.StoreID, d.DedicateID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != gateway.StatusComplete {
		t.Errorf("status after end_date = %s, want COMPLETE", got.Status)
	}
}
