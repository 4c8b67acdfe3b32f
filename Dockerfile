# Multi-stage build: a static binary on a minimal base, run as a non-root user.
#
# File descriptors: every connection and live stream holds one. Run the container with a limit that
# fits the streams you expect, e.g. `docker run --ulimit nofile=65536:65536 --restart on-failure …`
# (Compose: `ulimits: {nofile: {soft: 65536, hard: 65536}}`; systemd: `LimitNOFILE=65536`). The
# server caps its connections just under the limit (MAX_CONNS=auto) and per client
# (MAX_CONNS_PER_IP=256; set 0 behind a reverse proxy, then TRUSTED_PROXIES), retries accept when
# descriptors run out anyway, and exits 1 if its listener ever stops, so that the restart policy
# brings it back. /metrics is served only on METRICS_ADDR (e.g. 127.0.0.1:9090, not published).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o /out/checkout . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/checkout /checkout
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV LISTEN_ADDR=:8080 DATA_DIR=/data
EXPOSE 8080
USER nonroot:nonroot
VOLUME ["/data"]
ENTRYPOINT ["/checkout"]
