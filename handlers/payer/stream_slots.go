package payer

import (
	"errors"
	"sync"
)

var (
	errClientStreams = errors.New("payer: this client holds too many live streams")
	errAllStreams    = errors.New("payer: too many live streams")
)

// streamSlots counts open live streams, in all and per client address, so that one client cannot
// take every stream the process can hold.
type streamSlots struct {
	max, perClient int
	observer       StreamObserver

	mu       sync.Mutex
	open     int
	byClient map[string]int
}

func newStreamSlots(max, perClient int, observer StreamObserver) *streamSlots {
	return &streamSlots{max: max, perClient: perClient, observer: observer, byClient: map[string]int{}}
}

// take counts a new stream of client (its IP address); the stream calls release once when it ends.
func (l *streamSlots) take(client string) (release func(), err error) {
	l.mu.Lock()
	switch {
	case l.byClient[client] >= l.perClient:
		err = errClientStreams
	case l.open >= l.max:
		err = errAllStreams
	default:
		l.open++
		l.byClient[client]++
	}
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	observed := func() {}
	if l.observer != nil {
		observed = l.observer.StreamOpened()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.open--
			if l.byClient[client]--; l.byClient[client] <= 0 {
				delete(l.byClient, client)
			}
			l.mu.Unlock()
			observed()
		})
	}, nil
}

// count returns the streams open in all.
func (l *streamSlots) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}
