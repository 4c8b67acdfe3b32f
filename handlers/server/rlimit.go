package server

import "syscall"

// connReserve are the descriptors kept back from the automatic connection cap: the database, the
// Redis pool, webhook deliveries, calls to a remote gateway and the metrics listener need some.
const connReserve = 128

// autoMaxConns is the total connection cap when MAX_CONNS is not set: the descriptor limit
// (RLIMIT_NOFILE, which Go raises to its hard limit at start) less a reserve, so that client
// connections alone never exhaust it. 0 (no cap) when the limit cannot be read.
func autoMaxConns() int {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur == 0 {
		return 0
	}
	if lim.Cur > 1<<30 {
		return 1 << 30
	}
	return max(int(lim.Cur)-connReserve, int(lim.Cur)/2)
}
