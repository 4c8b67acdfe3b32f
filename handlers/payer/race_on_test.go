//go:build race

package payer

// raceEnabled: the race detector slows the server several times over, so bounds on wall-clock
// figures are widened under it.
const raceEnabled = true
