// Command sseclients holds many live streams open against one server and measures how long changes
// take to reach them (BENCHMARKS.md, "live streams"). Two shapes:
//   - one payment watched by every stream (-payments 1): one change, the time until all have it;
//   - a payment per stream (-payments N = -clients): every payment changed once, the time from its
//     change's request to the event on its stream.
//
// It creates the payments itself through the API, spreads its connections over several loopback
// source addresses (127.0.0.1–127.0.0.N, one address has only about 28,000 ephemeral ports), sends
// only to loopback and stops by itself.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type payment struct {
	id, events string
	sent       atomic.Int64 // when its change was requested, Unix ns
}

func main() {
	api := flag.String("api", "", "the server, with the test store's API key and secret: http://key:secret@127.0.0.1:18292")
	clients := flag.Int("clients", 5000, "streams to open")
	payments := flag.Int("payments", 1, "payments to spread the streams over (each is changed once)")
	sources := flag.Int("sources", 4, "loopback source addresses to spread connections over")
	created := flag.String("created-file", "", "file to create once the payments exist (the caller measures memory then)")
	settle := flag.Duration("settle", 0, "pause after the payments exist, before the streams open")
	ready := flag.String("ready-file", "", "file to create once every stream is open (the caller measures memory then)")
	hold := flag.Duration("hold", 0, "pause after every stream is open, before the changes")
	workers := flag.Int("workers", 8, "concurrent API calls")
	rate := flag.Int("rate", 0, "streams opened per second (0: all at once, as after a restart)")
	timeout := flag.Duration("timeout", 60*time.Second, "give up waiting for events after this long")
	flag.Parse()
	base, err := url.Parse(*api)
	if err != nil || !strings.HasPrefix(base.Hostname(), "127.") || base.User == nil {
		log.Fatal("-api must be a loopback URL with the API key and secret")
	}

	ps := createPayments(base, *payments, *workers)
	if *created != "" {
		os.WriteFile(*created, nil, 0o600)
	}
	time.Sleep(*settle)

	// Each stream records its event's arrival in its own slot and stays open until all are in: a
	// stream that closed as soon as it had its event would make the server tear connections down
	// during the very fan-out being timed.
	arrived := make([]time.Time, *clients)
	var opened, received sync.WaitGroup
	opened.Add(*clients)
	received.Add(*clients)
	hangUp := make(chan struct{})
	start := time.Now()
	for i := range *clients {
		if *rate > 0 {
			time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(*rate))))
		}
		p := ps[i%len(ps)]
		src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+i%*sources))}
		go func() {
			conn, at, err := follow(base.Host, p.events, src, &opened)
			if err != nil {
				log.Fatalf("client %d: %v", i, err)
			}
			arrived[i] = at
			received.Done()
			<-hangUp
			conn.Close()
		}()
	}
	opened.Wait()
	fmt.Printf("%d streams on %d payments open in %v\n", *clients, len(ps), time.Since(start).Round(time.Millisecond))
	if *ready != "" {
		os.WriteFile(*ready, nil, 0o600)
	}
	time.Sleep(*hold)

	changed := time.Now()
	forEach(ps, *workers, func(p *payment) {
		p.sent.Store(time.Now().UnixNano())
		call(base, "/int/test/payment/"+p.id+"/tx", `{"amount":"0.0001"}`, nil)
	})
	if len(ps) > 1 {
		fmt.Printf("%d changes requested in %v\n", len(ps), time.Since(changed).Round(time.Millisecond))
	}
	all := make(chan struct{})
	go func() { received.Wait(); close(all) }()
	select {
	case <-all:
	case <-time.After(*timeout):
		log.Fatalf("not every stream saw its change within %v", *timeout)
	}
	close(hangUp)
	lat := make([]time.Duration, 0, *clients)
	for i, at := range arrived {
		lat = append(lat, at.Sub(time.Unix(0, ps[i%len(ps)].sent.Load())))
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	what := fmt.Sprintf("one change reached all %d streams", len(lat))
	if len(ps) > 1 {
		what = fmt.Sprintf("%d changes, each to its stream, from the change's request", len(lat))
	}
	fmt.Printf("%s: min %v, p50 %v, p99 %v, max %v\n", what, lat[0].Round(100*time.Microsecond), pct(0.5), pct(0.99), lat[len(lat)-1].Round(100*time.Microsecond))
}

// createPayments creates n payments of the test store.
func createPayments(base *url.URL, n, workers int) []*payment {
	ps := make([]*payment, n)
	for i := range ps {
		ps[i] = &payment{}
	}
	forEach(ps, workers, func(p *payment) {
		var out struct {
			PaymentID  string `json:"payment_id"`
			PaymentURL string `json:"payment_url"`
		}
		call(base, "/int/payment", `{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}`, &out)
		u, err := url.Parse(out.PaymentURL)
		if err != nil || out.PaymentID == "" {
			log.Fatalf("create: %+v", out)
		}
		p.id, p.events = out.PaymentID, "/payment/"+out.PaymentID+"/events?"+u.RawQuery
	})
	return ps
}

// forEach runs fn for every payment on workers goroutines.
func forEach(ps []*payment, workers int, fn func(*payment)) {
	next := make(chan *payment)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				fn(p)
			}
		}()
	}
	for _, p := range ps {
		next <- p
	}
	close(next)
	wg.Wait()
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// call POSTs body to the API and decodes the answer into out (when not nil).
func call(base *url.URL, path, body string, out any) {
	resp, err := client.Post(base.String()+path, "application/json", strings.NewReader(body))
	if err != nil {
		log.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		log.Fatalf("POST %s: status %d", path, resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			log.Fatalf("POST %s: %v", path, err)
		}
	}
}

// follow opens one stream from source address src, reports when its first event (the current
// state) has arrived, then returns the arrival time of the next event, and the connection, open.
func follow(host, target string, src *net.TCPAddr, opened *sync.WaitGroup) (net.Conn, time.Time, error) {
	d := net.Dialer{LocalAddr: src, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", host)
	if err != nil {
		return nil, time.Time{}, err
	}
	at, err := events(conn, host, target, opened)
	if err != nil {
		conn.Close()
		return nil, time.Time{}, err
	}
	return conn, at, nil
}

func events(conn net.Conn, host, target string, opened *sync.WaitGroup) (time.Time, error) {
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", target, host)
	r := bufio.NewReaderSize(conn, 4096)
	status, err := r.ReadString('\n')
	if err != nil {
		return time.Time{}, err
	}
	if !strings.Contains(status, " 200 ") {
		return time.Time{}, fmt.Errorf("answer %q", strings.TrimSpace(status))
	}
	events, atLineStart := 0, true
	for {
		line, err := r.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			return time.Time{}, err
		}
		isData := atLineStart && bytes.HasPrefix(line, []byte("data: "))
		atLineStart = err == nil // a line longer than the buffer comes in pieces
		if !isData {
			continue
		}
		if events++; events == 1 {
			opened.Done()
			continue
		}
		return time.Now(), nil
	}
}
