// Command cpuburn keeps every core busy, so that tests run on a machine as
// loaded as a shared CI runner (`make stress`, `make stress-acc`).
//
//	cpuburn [-procs N] [-for D]                  burn until SIGINT/SIGTERM (or for D)
//	cpuburn [-procs N] -runs 5 -- go test ./...  burn while running the command 5 times in a row
//
// It spins N goroutines (default GOMAXPROCS, one per core). With a command,
// it runs it up to -runs times, stops at the first failure with its exit
// code, and prints each run's time; the load ends with the last run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	procs := flag.Int("procs", runtime.GOMAXPROCS(0), "busy goroutines (default: GOMAXPROCS, one per core)")
	limit := flag.Duration("for", 0, "without a command: stop after this long (0: until SIGINT or SIGTERM)")
	runs := flag.Int("runs", 1, "with a command: how many times to run it in a row")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: cpuburn [-procs N] [-for D]\n       cpuburn [-procs N] [-runs N] -- command [args...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *procs < 1 || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	runtime.GOMAXPROCS(max(*procs, runtime.GOMAXPROCS(0)))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopBurning := burn(*procs)
	defer stopBurning()
	fmt.Fprintf(os.Stderr, "cpuburn: %d busy goroutines on %d cores\n", *procs, runtime.NumCPU())

	if flag.NArg() == 0 {
		if *limit > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, *limit)
			defer cancel()
		}
		<-ctx.Done()
		return
	}
	os.Exit(runInARow(ctx, *runs, flag.Args()))
}

// burn starts n goroutines that spin until the returned func is called.
func burn(n int) (stop func()) {
	var done atomic.Bool
	var sink atomic.Uint64
	for range n {
		go func() {
			var x uint64
			for !done.Load() {
				for i := 0; i < 1<<16; i++ { // work the compiler cannot drop
					x = x*6364136223846793005 + 1442695040888963407
				}
				sink.Store(x)
			}
		}()
	}
	return func() { done.Store(true) }
}

// runInARow runs args up to runs times and returns the exit code to use.
func runInARow(ctx context.Context, runs int, args []string) int {
	name := strings.Join(args, " ")
	var times []string
	for i := 1; i <= runs; i++ {
		fmt.Fprintf(os.Stderr, "cpuburn: run %d/%d under load: %s\n", i, runs, name)
		start := time.Now()
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		// On SIGINT the command gets the signal from the terminal too; give it
		// time to report before it is killed.
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		cmd.WaitDelay = 10 * time.Second
		err := cmd.Run()
		took := time.Since(start).Round(100 * time.Millisecond)
		times = append(times, took.String())
		if err != nil {
			fmt.Fprintf(os.Stderr, "cpuburn: run %d/%d FAILED after %s (%v); runs so far: %s\n", i, runs, took, err, strings.Join(times, ", "))
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() > 0 {
				return exit.ExitCode()
			}
			return 1
		}
		fmt.Fprintf(os.Stderr, "cpuburn: run %d/%d passed in %s\n", i, runs, took)
	}
	fmt.Fprintf(os.Stderr, "cpuburn: %d runs in a row passed under load (%s)\n", runs, strings.Join(times, ", "))
	return 0
}
