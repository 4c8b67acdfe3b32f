package engine

import (
	"database/sql"
	"errors"
	"fmt"
)

// found is the one shape of the seed objects' loaders: a row that is not there is the object's
// own not-found error (ERR_NO_PAYMENT, ERR_NO_STORE, …), any other failure is wrapped with what
// was being read. missing is called only then, so a read that finds its row formats nothing.
func found[T any](v T, err error, what string, missing func() error) (T, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return v, missing()
	}
	if err != nil {
		return v, fmt.Errorf("engine: %s: %w", what, err)
	}
	return v, nil
}
