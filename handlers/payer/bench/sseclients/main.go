// Command sseclients holds many live streams of one payment open and measures how long one change
// takes to reach all of them (BENCHMARKS.md, "5,000 live streams"). It spreads its connections over
// several loopback source addresses (127.0.0.1–127.0.0.N), since one source address has only about
// 28,000 ephemeral ports. It sends only to loopback and stops by itself.
package main

import (
	"bufio"
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
	"time"
)

func main() {
	stream := flag.String("stream", "", "URL of the payment's live stream (…/payment/{id}/events?code=…)")
	trigger := flag.String("trigger", "", "URL to POST (Basic auth in the URL) that changes the payment")
	body := flag.String("body", `{"amount":"0.0001"}`, "body of the trigger")
	clients := flag.Int("clients", 5000, "streams to open")
	sources := flag.Int("sources", 4, "loopback source addresses to spread connections over")
	ready := flag.String("ready-file", "", "file to create once every stream is open (the caller measures memory then)")
	wait := flag.Duration("hold", 0, "pause after every stream is open, before the change")
	timeout := flag.Duration("timeout", 30*time.Second, "give up waiting for events after this long")
	flag.Parse()
	u, err := url.Parse(*stream)
	if err != nil || u.Host == "" || !strings.HasPrefix(u.Hostname(), "127.") {
		log.Fatal("-stream must be a loopback URL")
	}

	got := make(chan time.Time, *clients)
	var opened sync.WaitGroup
	opened.Add(*clients)
	for i := range *clients {
		src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+i%*sources))}
		go func() {
			if err := follow(u, src, &opened, got); err != nil {
				log.Fatalf("client %d: %v", i, err)
			}
		}()
	}
	start := time.Now()
	opened.Wait()
	fmt.Printf("%d streams open in %v\n", *clients, time.Since(start).Round(time.Millisecond))
	if *ready != "" {
		os.WriteFile(*ready, nil, 0o600)
	}
	time.Sleep(*wait)

	sent := time.Now()
	resp, err := http.Post(*trigger, "application/json", strings.NewReader(*body))
	if err != nil || resp.StatusCode != http.StatusOK {
		log.Fatalf("trigger: %v %v", err, resp)
	}
	resp.Body.Close()
	lat := make([]time.Duration, 0, *clients)
	deadline := time.After(*timeout)
	for len(lat) < *clients {
		select {
		case t := <-got:
			lat = append(lat, t.Sub(sent))
		case <-deadline:
			log.Fatalf("only %d of %d streams saw the change within %v", len(lat), *clients, *timeout)
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(100 * time.Microsecond) }
	fmt.Printf("one change reached all %d streams: p50 %v, p99 %v, max %v\n", len(lat), pct(0.5), pct(0.99), lat[len(lat)-1].Round(100*time.Microsecond))
}

// follow opens one stream from source address src, reports when its first event (the current
// state) has arrived, then reports the arrival time of the next event.
func follow(u *url.URL, src *net.TCPAddr, opened *sync.WaitGroup, got chan<- time.Time) error {
	d := net.Dialer{LocalAddr: src, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", u.Host)
	if err != nil {
		return err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", u.RequestURI(), u.Host)
	r := bufio.NewReaderSize(conn, 4096)
	events := 0
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "data: ") {
			continue
		}
		events++
		if events == 1 {
			opened.Done()
			continue
		}
		got <- time.Now()
		return nil
	}
}
