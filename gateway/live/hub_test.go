package live

import (
	"testing"
	"time"
)

func received(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func TestPublishReachesSubscribersOfTheTopicOnly(t *testing.T) {
	h := NewHub()
	a, cancelA := h.Subscribe(PaymentTopic("1"))
	defer cancelA()
	b, cancelB := h.Subscribe(PaymentTopic("1"))
	defer cancelB()
	other, cancelOther := h.Subscribe(PaymentTopic("2"))
	defer cancelOther()

	h.Publish(PaymentTopic("1"))
	if !received(a) || !received(b) {
		t.Fatal("a subscriber of the topic got no signal")
	}
	select {
	case <-other:
		t.Fatal("a subscriber of another topic was signalled")
	default:
	}
}

func TestSignalsMergeAndNeverBlock(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe(DedicateTopic("d"))
	defer cancel()
	for range 100 { // nobody reads: Publish must not block
		h.Publish(DedicateTopic("d"))
	}
	if !received(ch) {
		t.Fatal("no signal pending after publishes")
	}
	select {
	case <-ch:
		t.Fatal("signals were queued instead of merged")
	default:
	}
}

func TestCancelUnsubscribes(t *testing.T) {
	h := NewHub()
	_, cancel := h.Subscribe(PaymentTopic("x"))
	if got := h.Subscribers(PaymentTopic("x")); got != 1 {
		t.Fatalf("subscribers = %d, want 1", got)
	}
	cancel()
	cancel() // twice is harmless
	if got := h.Subscribers(PaymentTopic("x")); got != 0 {
		t.Fatalf("subscribers after cancel = %d, want 0", got)
	}
	h.Publish(PaymentTopic("x"))
}

func TestNotifyCallsOncePerPublishUntilCancelled(t *testing.T) {
	h := NewHub()
	calls := 0
	cancel := h.Notify(PaymentTopic("n"), func() { calls++ })
	h.Publish(PaymentTopic("n"))
	h.Publish(PaymentTopic("other"))
	h.Publish(PaymentTopic("n"))
	if calls != 2 {
		t.Fatalf("%d calls for 2 publishes of the topic", calls)
	}
	h.publishAll() // after a gap, every subscriber hears
	if calls != 3 {
		t.Fatalf("%d calls after publishAll, want 3", calls)
	}
	if got := h.Subscribers(PaymentTopic("n")); got != 1 {
		t.Fatalf("subscribers = %d, want 1", got)
	}
	cancel()
	h.Publish(PaymentTopic("n"))
	if calls != 3 || h.Subscribers(PaymentTopic("n")) != 0 {
		t.Fatalf("%d calls, %d subscribers after cancel", calls, h.Subscribers(PaymentTopic("n")))
	}
}
