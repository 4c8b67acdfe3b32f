//go:build !race

package payer

const raceEnabled = false
