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
	if err != nil || (host != "localhost" && !net.ParseIP(host).IsLoopback()) {
		log.Fatalf("-addr %q: the sandbox listens on loopback addresses only", *addr)
	}
	sb := sandbox.New(sandbox.Options{SellercloudCustomers: *count, AdobeCustomers: *count, ConnectCustomers: *count, TrutoCustomers: *count})
	sb.SetLatency(*latency)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	opts := sb.Options()
	// The COMMERCE_* variables configure a default provider block for
	// Sellercloud and fill the other platforms' credentials (the sandbox
	// shares one token and API key); each other platform's API root goes to a
	// TF_VAR_<platform>_base_url variable for a provider alias.
	settings := fmt.Sprintf("export COMMERCE_PLATFORM=sellercloud\nexport COMMERCE_BASE_URL=%s%s\nexport COMMERCE_TOKEN=%s\n",
		base, sandbox.SellercloudRoot, opts.Token) +
		fmt.Sprintf("export COMMERCE_API_KEY=%s\nexport COMMERCE_RESELLER_ID=%s\nexport COMMERCE_INTEGRATED_ACCOUNT_ID=%s\n",
			opts.APIKey, opts.AdobeResellerID, opts.TrutoIntegratedAccountID) +
		fmt.Sprintf("export TF_VAR_adobe_vip_base_url=%s%s\nexport TF_VAR_connect_base_url=%s%s\nexport TF_VAR_truto_base_url=%s%s\n",
			base, sandbox.AdobeVIPRoot, base, sandbox.ConnectRoot, base, sandbox.TrutoRoot)
	fmt.Printf("commerce sandbox listening on %s (%d customers per platform)\n\n", base, *count)
	fmt.Printf("Sellercloud:\n  platform = \"sellercloud\"\n  base_url = %q\n  token    = %q\n  username = %q, password = %q\n\n",
		base+sandbox.SellercloudRoot, opts.Token, opts.Username, opts.Password)
	fmt.Printf("Adobe VIP Marketplace:\n  platform    = \"adobe_vip\"\n  base_url    = %q\n  token       = %q\n  api_key     = %q\n  reseller_id = %q\n\n",
		base+sandbox.AdobeVIPRoot, opts.Token, opts.APIKey, opts.AdobeResellerID)
	fmt.Printf("Telness Tech Connect:\n  platform = \"connect\"\n  base_url = %q\n  api_key  = %q\n\n",
		base+sandbox.ConnectRoot, opts.APIKey)
	fmt.Printf("Truto:\n  platform              = \"truto\"\n  base_url              = %q\n  token                 = %q\n  integrated_account_id = %q\n\n",
		base+sandbox.TrutoRoot, opts.Token, opts.TrutoIntegratedAccountID)
	fmt.Printf("Provider settings:\n%s", settings)
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
