package engine

import (
	"errors"

	"github.com/cryptocheckout/checkout/gateway/store"
)

// found is the one shape of the seed objects' loaders: a row the store did not find is the
// object's own not-found error (ERR_NO_PAYMENT, ERR_NO_STORE, …); any other failure goes up as the
// store wrapped it. missing is called only then, so a read that finds its row formats nothing.
func found[T any](v T, err error, missing func() error) (T, error) {
	if errors.Is(err, store.ErrNotFound) {
		return v, missing()
	}
	return v, err
}
