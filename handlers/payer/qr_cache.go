package payer

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// QR codes are rendered once per content and kept: every viewer of a payment, every poll and every
// refresh asks for the same few images.
const (
	qrCacheEntries = 4096 // about 1 KB each
	// qrModulePixels is the size of one module: a whole number of pixels keeps every module sharp
	// (a fixed image size would blur module edges, which scanners misread). An address with an
	// amount needs 41 to 57 modules, so the image is about 330 to 460 pixels wide.
	qrModulePixels = 7
)

type qrImage struct {
	png  []byte
	etag string
}

// qrEntry is a list element's value: the key rides along so eviction can delete it from the map.
type qrEntry struct {
	content string
	img     qrImage
}

// qrCache is a small LRU of rendered PNGs keyed by their content.
type qrCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used; values are *qrEntry
	items map[string]*list.Element
}

func newQRCache(max int) *qrCache {
	return &qrCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// get returns the PNG of content, rendering it on a miss.
func (q *qrCache) get(content string) (qrImage, error) {
	q.mu.Lock()
	if el, ok := q.items[content]; ok {
		q.order.MoveToFront(el)
		img := el.Value.(*qrEntry).img
		q.mu.Unlock()
		return img, nil
	}
	q.mu.Unlock()

	// Rendering happens outside the lock; two concurrent misses render twice, which is harmless.
	png, err := encodeQR(content, qrModulePixels)
	if err != nil {
		return qrImage{}, err
	}
	sum := sha256.Sum256(png)
	img := qrImage{png: png, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}

	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.items[content]; !ok {
		q.items[content] = q.order.PushFront(&qrEntry{content: content, img: img})
		for q.order.Len() > q.max {
			oldest := q.order.Back()
			q.order.Remove(oldest)
			delete(q.items, oldest.Value.(*qrEntry).content)
		}
	}
	return img, nil
}

// len counts the cached images.
func (q *qrCache) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.order.Len()
}
