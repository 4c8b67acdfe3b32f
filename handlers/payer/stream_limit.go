package payer

// defaultMaxStreams sizes the stream cap from the open-file limit: every stream holds a descriptor,
// and a process out of descriptors can accept nothing, not even /healthz. A tenth of the limit (at
// least 256) stays free for ordinary page loads, the API, the database and Redis.
func defaultMaxStreams(nofile int) int {
	if nofile <= 0 {
		return 10000
	}
	headroom := max(nofile/10, 256)
	return max(nofile-headroom, 16)
}
