// Command staticfile serves one directory with Fiber's static handler: the yardstick the payment
// page's throughput is compared with (BENCHMARKS.md, "payment page vs a static file").
package main

import (
	"flag"
	"log"

	"github.com/gofiber/fiber/v2"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18291", "listen address")
	dir := flag.String("dir", ".", "directory to serve")
	flag.Parse()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Static("/", *dir)
	log.Fatal(app.Listen(*addr))
}
