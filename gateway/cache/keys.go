package cache

import "strings"

// Keys of the views. The version lets a new release change a value's shape without reading the
// old one: keys of older releases simply expire.
const keyVersion = "v1:"

// The id is the key's hash tag ({id}): the keys of one payment (or one dedicated address) are
// invalidated by one DEL, which a Redis Cluster only accepts for keys of one hash slot.
func paymentKey(id string) string      { return keyVersion + "payment:{" + id + "}" }
func transactionsKey(id string) string { return keyVersion + "txs:{" + id + "}" }
func dedicateKey(id string) string     { return keyVersion + "dedicate:{" + id + "}" }

func dedicatePaymentsKey(id string) string { return keyVersion + "dedicate-payments:{" + id + "}" }

// lastKey keeps the last copy of a view's value (see load).
func lastKey(key string) string { return keyVersion + "last:" + key }

func conversionKey(fromAmount, fromAsset, toAsset string) string {
	return keyVersion + "convert:" + fromAsset + ":" + fromAmount + ":" + toAsset
}

// cleanID keeps an id from changing the shape of a key or its hash tag: ids are UUIDs, anything
// else is escaped.
func cleanID(id string) string {
	if strings.ContainsAny(id, ": \n\r{}%") {
		return strings.NewReplacer("%", "%25", ":", "%3A", " ", "%20", "\n", "%0A", "\r", "%0D", "{", "%7B", "}", "%7D").Replace(id)
	}
	return id
}
