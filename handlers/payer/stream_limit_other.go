//go:build !unix

package payer

func openFileLimit() int { return 0 }
