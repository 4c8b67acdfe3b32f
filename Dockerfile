# Multi-stage build: a static binary on a minimal base, run as a non-root user.
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
