package bench

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// heapMetric is the bytes of live and not-yet-swept heap objects: what the
// heap holds at the moment, read without stopping the world.
const heapMetric = "/memory/classes/heap/objects:bytes"

// peakSampler records the largest heap seen while it runs, sampling every
// 500µs, and the process's peak resident set size (VmHWM) while it is not
// paused: the kernel's peak is reset at every Resume and read at every Pause,
// so the benchmark's own checks between runs do not count.
// It runs on its own OS thread and keeps count of that thread's CPU time, so
// CPU measurements can leave the sampler's own cost out.
type peakSampler struct {
	stop     chan struct{}
	done     sync.WaitGroup
	paused   atomic.Bool
	selfCPU  atomic.Int64
	mu       sync.Mutex
	peakHeap uint64
	peakRSS  uint64
	rssOK    bool
	sample   []metrics.Sample
}

// startPeak collects garbage first so the peak is the work's, plus the
// baseline the process always holds.
func startPeak() *peakSampler {
	runtime.GC()
	debug.FreeOSMemory()
	p := &peakSampler{stop: make(chan struct{})}
	p.rssOK = resetPeakRSS()
	p.sample = []metrics.Sample{{Name: heapMetric}}
	read := p.read
	read()
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				if !p.paused.Load() {
					read()
				}
				p.selfCPU.Store(int64(rusage(rusageThread)))
			}
		}
	}()
	return p
}

func (p *peakSampler) read() {
	p.mu.Lock()
	defer p.mu.Unlock()
	metrics.Read(p.sample)
	if v := p.sample[0].Value.Uint64(); v > p.peakHeap {
		p.peakHeap = v
	}
}

// resetPeakRSS resets the kernel's peak RSS to the current RSS: writing 5
// to clear_refs (Linux >= 4.0).
func resetPeakRSS() bool { return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil }

// Pause stops sampling (for the benchmark's own checks), keeping the peak
// RSS since Resume; Resume collects the garbage left so far, returns it to
// the OS, and samples again from there.
func (p *peakSampler) Pause() {
	p.read()
	if p.rssOK {
		p.peakRSS = max(p.peakRSS, vmHWM())
	}
	p.paused.Store(true)
}

func (p *peakSampler) Resume() {
	runtime.GC()
	debug.FreeOSMemory()
	if p.rssOK {
		resetPeakRSS()
	}
	p.read()
	p.paused.Store(false)
}

// Stop returns the peak heap and the peak RSS in bytes (RSS 0 when unknown).
func (p *peakSampler) Stop() (heap, rss uint64) {
	if !p.paused.Load() {
		p.Pause()
	}
	close(p.stop)
	p.done.Wait()
	return p.peakHeap, p.peakRSS
}

// measured is what runMeasured saw over b.N runs.
type measured struct {
	wall, cpu time.Duration // totals over the runs
	heap, rss uint64        // peaks in bytes (rss 0 when unknown)
}

// runMeasured runs op b.N times with the benchmark timer and the peak
// sampler on for op alone: before and after run around each op, untimed and
// unsampled (the setup, and the checks of op's result).
func runMeasured(b *testing.B, before, op, after func()) measured {
	b.ReportAllocs()
	peak := startPeak()
	peak.Pause()
	b.ResetTimer()
	var m measured
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		before()
		peak.Resume()
		b.StartTimer()

		cpu0, start := peak.CPU(), time.Now()
		op()
		m.wall += time.Since(start)
		m.cpu += peak.CPU() - cpu0

		b.StopTimer()
		peak.Pause()
		after()
		b.StartTimer()
	}
	b.StopTimer()
	m.heap, m.rss = peak.Stop()
	return m
}

// reportPeaks reports the peak heap, and the peak RSS where it is known.
func (m measured) reportPeaks(b *testing.B) {
	b.ReportMetric(float64(m.heap)/mb, "peak-heap-MB")
	if m.rss > 0 {
		b.ReportMetric(float64(m.rss)/mb, "peak-rss-MB")
	}
}

// vmHWM reads the peak resident set size from /proc/self/status.
func vmHWM() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// CPU is the CPU time (user + system) the process has used so far, less the
// sampler's own.
func (p *peakSampler) CPU() time.Duration {
	return rusage(syscall.RUSAGE_SELF) - time.Duration(p.selfCPU.Load())
}

// rusageThread is Linux's RUSAGE_THREAD: the calling thread only.
const rusageThread = 1

func rusage(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const mb = 1 << 20
