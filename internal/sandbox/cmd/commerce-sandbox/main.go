// Command commerce-sandbox serves the in-memory fake platform APIs on a
// loopback port, for `make sandbox` and `make demo`.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	count := flag.Int("customers", 250, "number of seeded customers per platform")
	latency := flag.Duration("latency", 0, "delay added to every response")
	envFile := flag.String("env-file", "", "also write the provider's COMMERCE_* settings to this file, as shell exports")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !(host == "localhost" || net.ParseIP(host).IsLoopback()) {
		log.Fatalf("-addr %q: the sandbox listens on loopback addresses only", *addr)
	}
	sb := sandbox.New(sandbox.Options{SellercloudCustomers: *count})
	sb.SetLatency(*latency)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	opts := sb.Options()
	settings := fmt.Sprintf("export COMMERCE_PLATFORM=sellercloud\nexport COMMERCE_BASE_URL=%s%s\nexport COMMERCE_TOKEN=%s\n",
		base, sandbox.SellercloudRoot, opts.Token)
	fmt.Printf("commerce sandbox listening on %s\n\nSellercloud (%d customers):\n  base_url = %q\n  token    = %q\n  username = %q, password = %q\n\nProvider settings:\n%s",
		base, *count, base+sandbox.SellercloudRoot, opts.Token, opts.Username, opts.Password, settings)
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(settings), 0o600); err != nil {
			log.Fatal(err)
		}
	}

	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
		<-stop
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
