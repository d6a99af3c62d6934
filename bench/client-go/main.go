// Command client-go-bench runs the workloads of WORKLOADS.md on client-go v1.20.2's event machinery
// (apimachinery's watch.Broadcaster, client-go's tools/record), so that bench/run.ts can set its figures beside ours
// in one table. It is built by bench/client-go/build.sh in GOPATH mode inside the kubernetes v1.20.2 tree that
// .ci/kube-apiserver.sh unpacks, against that tree's vendored client-go.
//
// Each figure is printed as one JSON object per line: {"id","variant","unit","median","min","max","facts"}, the
// median, slowest and fastest of 5 repetitions after one warm-up, as bench/harness.ts measures ours.
//
//	client-go-bench [-size full|tiny] [-only w1,w2,w3,w4,w5,w6,w7,burst,plain] [-kubeconfig file]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/clock"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"
)

const repetitions = 5

var source = v1.EventSource{Component: "bench", Host: "node1"}

// figure is one line of output.
type figure struct {
	ID      string                 `json:"id"`
	Variant string                 `json:"variant"`
	Unit    string                 `json:"unit"`
	Median  float64                `json:"median"`
	Min     float64                `json:"min"`
	Max     float64                `json:"max"`
	Facts   map[string]interface{} `json:"facts,omitempty"`
}

// timing runs fn once to warm up and then `repetitions` times, with setup and teardown around each run outside the
// timing; it returns the durations in milliseconds, sorted.
func timing(setup func(), fn func(), teardown func()) []float64 {
	var ms []float64
	for i := 0; i <= repetitions; i++ {
		if setup != nil {
			setup()
		}
		start := time.Now()
		fn()
		elapsed := float64(time.Since(start).Nanoseconds()) / 1e6
		if teardown != nil {
			teardown()
		}
		if i > 0 {
			ms = append(ms, elapsed)
		}
	}
	sort.Float64s(ms)
	return ms
}

func median(sorted []float64) float64 { return sorted[len(sorted)/2] }

// rate is `count` things per second over the timings (min from the slowest run).
func rate(id, variant, unit string, count int, ms []float64, facts map[string]interface{}) figure {
	per := func(t float64) float64 { return float64(count) * 1000 / t }
	return figure{id, variant, unit, per(median(ms)), per(ms[len(ms)-1]), per(ms[0]), facts}
}

func emit(f figure) {
	line, err := json.Marshal(f)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(line))
}

func pod(name, namespace string) *v1.Pod {
	return &v1.Pod{
		TypeMeta:   metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, UID: types.UID("uid-" + name), ResourceVersion: "1"},
	}
}

// w1 is the broadcaster fan-out: watch.Broadcaster with queue length 1000 in WaitIfChannelFull mode and N counting
// watchers; the producer sends every event, and the run ends when every watcher has all of them.
func w1(full bool) {
	total, watcherCounts := 1000, []int{1, 10}
	if full {
		total, watcherCounts = 100000, []int{1, 10, 100}
	}
	obj := pod("pod-0", "ns")
	for _, n := range watcherCounts {
		var b *watch.Broadcaster
		var done sync.WaitGroup
		ms := timing(func() {
			b = watch.NewBroadcaster(1000, watch.WaitIfChannelFull)
			done.Add(n)
			for j := 0; j < n; j++ {
				w := b.Watch()
				go func() {
					count := 0
					for range w.ResultChan() {
						if count++; count == total {
							done.Done()
						}
					}
				}()
			}
		}, func() {
			for i := 0; i < total; i++ {
				b.Action(watch.Added, obj)
			}
			done.Wait()
		}, func() { b.Shutdown() })
		emit(rate("W1", fmt.Sprintf("fan-out N=%d", n), "deliveries/s", total*n, ms, nil))
	}
}

func correlationCount(full bool) int {
	if full {
		return 100000
	}
	return 2000
}

func podEvent(podName, reason, message string, i int, at metav1.Time) *v1.Event {
	return &v1.Event{
		ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s.%x", podName, i), Namespace: "ns"},
		InvolvedObject: v1.ObjectReference{
			Kind: "Pod", APIVersion: "v1", Name: podName, Namespace: "ns", UID: types.UID("uid-" + podName),
		},
		Reason: reason, Message: message, Type: v1.EventTypeNormal, Source: source,
		FirstTimestamp: at, LastTimestamp: at, Count: 1,
	}
}

// correlation times EventCorrelate over prebuilt events with a fresh default correlator per repetition (the events
// are rebuilt too, outside the timing, as EventCorrelate may keep them).
func correlation(id, variant string, count int, build func(i int, at metav1.Time) *v1.Event) {
	var events []*v1.Event
	var correlator *record.EventCorrelator
	var deduplicated, aggregated, skipped int
	ms := timing(func() {
		at := metav1.Now()
		events = make([]*v1.Event, count)
		for i := range events {
			events[i] = build(i, at)
		}
		correlator = record.NewEventCorrelator(clock.RealClock{})
		deduplicated, aggregated, skipped = 0, 0, 0
	}, func() {
		for _, e := range events {
			result, _ := correlator.EventCorrelate(e)
			switch {
			case result.Skip:
				skipped++
			case strings.HasPrefix(result.Event.Message, "(combined from similar events)"):
				aggregated++
			case result.Event.Count > 1:
				deduplicated++
			}
		}
	}, nil)
	// v1.20.2 returns no event with a skip, so aggregates and duplicates are counted among those not skipped.
	facts := map[string]interface{}{
		"events": count, "skipped": skipped, "aggregatedNotSkipped": aggregated, "deduplicatedNotSkipped": deduplicated,
	}
	emit(rate(id, variant, "events/s", count, ms, facts))
}

func w2(full bool) {
	correlation("W2", "correlate, all unique", correlationCount(full), func(i int, at metav1.Time) *v1.Event {
		return podEvent(fmt.Sprintf("pod-%d", i), "Started", "Started container", i, at)
	})
}

func w3(full bool) {
	correlation("W3", "correlate, all duplicate", correlationCount(full), func(i int, at metav1.Time) *v1.Event {
		return podEvent("pod-0", "Started", "Started container", i, at)
	})
}

func w4(full bool) {
	correlation("W4", "correlate, similar", correlationCount(full), func(i int, at metav1.Time) *v1.Event {
		msg := fmt.Sprintf("Back-off restarting failed container attempt %d", (i/100)%20)
		return podEvent(fmt.Sprintf("pod-%d", i%100), "BackOff", msg, i, at)
	})
}

// goroutines counts the goroutines whose stack contains `frame`.
func goroutines(frame string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), frame)
		}
		buf = make([]byte, 2*len(buf))
	}
}

// Frames of v1.20.2's recorder: the goroutine each recording call starts to hand the event to the broadcaster, and
// the goroutine of a watcher started with StartEventWatcher (StartRecordingToSink's writer).
const (
	actionFrame  = "record.(*recorderImpl).generateEvent.func1"
	watcherFrame = "record.(*eventBroadcasterImpl).StartEventWatcher.func1"
)

// drain waits until every event recorded so far is handed to the broadcaster, shuts the broadcaster down (which
// flushes it to the watchers' queues), and waits until every watcher started with StartEventWatcher has handled
// its queue and returned. v1.20.2 has no other way to know: its recorder hands each event over from a goroutine of
// its own, and Shutdown must not run before they are done (a send on the closed queue would panic).
func drain(b record.EventBroadcaster, baseGoroutines int) {
	for runtime.NumGoroutine() > baseGoroutines+200 {
		time.Sleep(time.Millisecond)
	}
	for goroutines(actionFrame) > 0 {
		time.Sleep(time.Millisecond)
	}
	b.Shutdown()
	for goroutines(watcherFrame) > 0 {
		time.Sleep(time.Millisecond)
	}
}

// memorySink is W5's in-process sink: it waits `latency` per create or patch and keeps the final state by name.
type memorySink struct {
	latency time.Duration
	mu      sync.Mutex
	events  map[string]*v1.Event
	writes  int
	version int
}

func (s *memorySink) store(e *v1.Event) *v1.Event {
	if s.latency > 0 {
		time.Sleep(s.latency)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	stored := e.DeepCopy()
	stored.ResourceVersion = fmt.Sprint(s.version)
	s.events[stored.Name] = stored
	s.writes++
	return stored
}

func (s *memorySink) Create(e *v1.Event) (*v1.Event, error) { return s.store(e), nil }
func (s *memorySink) Update(e *v1.Event) (*v1.Event, error) { return s.store(e), nil }
func (s *memorySink) Patch(old *v1.Event, data []byte) (*v1.Event, error) {
	var patch struct {
		Count         int32       `json:"count"`
		LastTimestamp metav1.Time `json:"lastTimestamp"`
		Message       string      `json:"message"`
	}
	if err := json.Unmarshal(data, &patch); err != nil {
		return nil, err
	}
	s.mu.Lock()
	held, ok := s.events[old.Name]
	s.mu.Unlock()
	if !ok {
		// As the apiserver answers: a StatusError 404, which the recorder's writer turns into a create.
		return nil, apierrors.NewNotFound(schema.GroupResource{Resource: "events"}, old.Name)
	}
	next := held.DeepCopy()
	next.Count, next.LastTimestamp, next.Message = patch.Count, patch.LastTimestamp, patch.Message
	return s.store(next), nil
}

// burstShape is W5's burst: calls over objects, 10 per object at both sizes.
func burstShape(full bool) (objects, calls int) {
	if full {
		return 1000, 10000
	}
	return 50, 500
}

// recordBurst records W5's burst through a fresh broadcaster writing to `sink`, and waits until the sink has what it
// will get.
func recordBurst(sink record.EventSink, pods []*v1.Pod, calls int) {
	b := record.NewBroadcaster()
	b.StartRecordingToSink(sink)
	recorder := b.NewRecorder(scheme.Scheme, source)
	base := runtime.NumGoroutine()
	for i := 0; i < calls; i++ {
		k := i % len(pods)
		recorder.Eventf(pods[k], v1.EventTypeNormal, "Sync", "synced %d", k)
	}
	drain(b, base)
}

// kept sums up what a sink ended with: occurrences kept (the sum of counts), objects whose event has the full count.
func kept(events []v1.Event, full int32) (occurrences, atFull, objects int) {
	seen := map[string]bool{}
	for _, e := range events {
		occurrences += int(e.Count)
		if e.Count == full {
			atFull++
		}
		seen[e.InvolvedObject.Name] = true
	}
	return occurrences, atFull, len(seen)
}

// w5 is the end-to-end burst into the in-process sink, with client-go's writer (one write at a time).
func w5(full bool) {
	objects, calls := burstShape(full)
	pods := make([]*v1.Pod, objects)
	for i := range pods {
		pods[i] = pod(fmt.Sprintf("pod-%d", i), "ns")
	}
	for _, latencyMs := range []int{0, 2} {
		var sink *memorySink
		var occurrences, atFull, seen []int
		ms := timing(func() {
			sink = &memorySink{latency: time.Duration(latencyMs) * time.Millisecond, events: map[string]*v1.Event{}}
		}, func() {
			recordBurst(sink, pods, calls)
		}, func() {
			var events []v1.Event
			for _, e := range sink.events {
				events = append(events, *e)
			}
			o, a, s := kept(events, int32(calls/objects))
			occurrences, atFull, seen = append(occurrences, o), append(atFull, a), append(seen, s)
		})
		emit(rate("W5", fmt.Sprintf("end to end, L=%d ms", latencyMs), "events/s", calls, ms, map[string]interface{}{
			"timeMs": median(ms), "writes": sink.writes, "events": calls,
			"kept": median(floats(occurrences)), "objectsAtFullCount": median(floats(atFull)),
			"objects": median(floats(seen)),
		}))
	}
}

func floats(xs []int) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	sort.Float64s(out)
	return out
}

// w6 is one Eventf call with an idle watcher attached, in nanoseconds per call; the calls' goroutines are drained
// after the timing, and what reached the watcher is reported.
func w6(full bool) {
	calls := 2000
	if full {
		calls = 100000
	}
	obj := pod("pod-0", "ns")
	var b record.EventBroadcaster
	var recorder record.EventRecorder
	var delivered int64
	var base int
	var deliveries []int
	ms := timing(func() {
		b = record.NewBroadcaster()
		atomic.StoreInt64(&delivered, 0)
		b.StartEventWatcher(func(*v1.Event) { atomic.AddInt64(&delivered, 1) })
		recorder = b.NewRecorder(scheme.Scheme, source)
		base = runtime.NumGoroutine()
	}, func() {
		for i := 0; i < calls; i++ {
			recorder.Eventf(obj, v1.EventTypeNormal, "Started", "Started container %s", "web")
		}
	}, func() {
		drain(b, base)
		deliveries = append(deliveries, int(atomic.LoadInt64(&delivered)))
	})
	nanos := func(t float64) float64 { return t * 1e6 / float64(calls) }
	emit(figure{"W6", "recorder call (eventf, one idle watcher)", "ns/call", nanos(median(ms)), nanos(ms[0]),
		nanos(ms[len(ms)-1]), map[string]interface{}{"calls": calls, "delivered": median(floats(deliveries))}})
}

// heapAfterGC is the heap after two full collections: HeapAlloc (bytes of live objects, what V8's heapUsed counts)
// and HeapInuse (bytes of the spans holding them).
func heapAfterGC() (alloc, inuse float64) {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc), float64(m.HeapInuse)
}

// w7 is the heap a default correlator holds after W2 (its three caches full at 4096 entries): HeapAlloc after
// against before, the events made one at a time and dropped, as bench/workloads/w7-memory.ts measures ours.
func w7(full bool) {
	count := correlationCount(full)
	var allocs, inuses []float64
	for rep := 0; rep <= repetitions; rep++ {
		alloc0, inuse0 := heapAfterGC()
		correlator := record.NewEventCorrelator(clock.RealClock{})
		at := metav1.Now()
		for i := 0; i < count; i++ {
			_, _ = correlator.EventCorrelate(podEvent(fmt.Sprintf("pod-%d", i), "Started", "Started container", i, at))
		}
		alloc1, inuse1 := heapAfterGC()
		runtime.KeepAlive(correlator)
		if rep > 0 {
			allocs = append(allocs, alloc1-alloc0)
			inuses = append(inuses, inuse1-inuse0)
		}
	}
	sort.Float64s(allocs)
	sort.Float64s(inuses)
	emit(figure{"W7", "memory, correlator after W2", "bytes", median(allocs), allocs[0], allocs[len(allocs)-1],
		map[string]interface{}{"events": count, "heapInuse": median(inuses)}})
}

func clientset(kubeconfig string) *kubernetes.Clientset {
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		fail(err)
	}
	// No client-side rate limit (client-go's default is 5 requests/s), as client-node has none.
	config.QPS = -1
	cs, err := kubernetes.NewForConfig(config)
	if err != nil {
		fail(err)
	}
	return cs
}

var namespaces int

func freshNamespace(cs *kubernetes.Clientset, prefix string) string {
	namespaces++
	name := fmt.Sprintf("%s-%d-%d", prefix, os.Getpid(), namespaces)
	ns := &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := cs.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{}); err != nil {
		fail(err)
	}
	return name
}

// burst is W5's burst against the real kube-apiserver, through StartRecordingToSink and the typed client's
// EventSinkImpl, as a controller built on client-go v1.20.2 records; each repetition in a fresh namespace.
func burst(full bool, kubeconfig string) {
	cs := clientset(kubeconfig)
	objects, calls := burstShape(full)
	var ns string
	var pods []*v1.Pod
	var occurrences, atFull, seen []int
	ms := timing(func() {
		ns = freshNamespace(cs, "bench-client-go")
		pods = make([]*v1.Pod, objects)
		for i := range pods {
			pods[i] = pod(fmt.Sprintf("pod-%d", i), ns)
		}
	}, func() {
		recordBurst(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events("")}, pods, calls)
	}, func() {
		list, err := cs.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{})
		if err != nil {
			fail(err)
		}
		o, a, s := kept(list.Items, int32(calls/objects))
		occurrences, atFull, seen = append(occurrences, o), append(atFull, a), append(seen, s)
	})
	emit(rate("burst", "kube-apiserver v1.20.2, 10 events × objects", "events/s", calls, ms, map[string]interface{}{
		"timeMs": median(ms), "events": calls, "kept": median(floats(occurrences)),
		"objectsAtFullCount": median(floats(atFull)), "objects": median(floats(seen)),
	}))
}

// plain is the fastest serial writer: one Create per Pod, one at a time, through the typed client.
func plain(full bool, kubeconfig string) {
	cs := clientset(kubeconfig)
	objects, _ := burstShape(full)
	var ns string
	var events []*v1.Event
	pids := strings.Fields(os.Getenv("RX_KUBE_E2E_SERVER_PIDS"))
	// CPU is counted over the timed repetitions only, not timing's warm-up run (the first call of the timed func).
	var ownMicros, serverMicros float64
	calls, writes := 0, 0
	ms := timing(func() {
		ns = freshNamespace(cs, "bench-client-go-plain")
		now := metav1.Now()
		events = make([]*v1.Event, objects)
		for i := range events {
			e := podEvent(fmt.Sprintf("pod-%d", i), "Sync", fmt.Sprintf("synced %d", i), i, now)
			e.Namespace, e.InvolvedObject.Namespace = ns, ns
			events[i] = e
		}
	}, func() {
		calls++
		ownBefore, serverBefore := ownCPUMicros(), processesCPUMicros(pids)
		for _, e := range events {
			if _, err := cs.CoreV1().Events(ns).Create(context.Background(), e, metav1.CreateOptions{}); err != nil {
				fail(err)
			}
		}
		if calls > 1 {
			ownMicros += ownCPUMicros() - ownBefore
			serverMicros += processesCPUMicros(pids) - serverBefore
			writes += len(events)
		}
	}, nil)
	facts := map[string]interface{}{"clientCpuUsPerWrite": ownMicros / float64(writes)}
	if len(pids) > 0 {
		facts["serverCpuUsPerWrite"] = serverMicros / float64(writes)
	}
	emit(rate("plain", "kube-apiserver v1.20.2, serial creates", "writes/s", objects, ms, facts))
}

// ownCPUMicros is this process's user + system CPU time so far, in microseconds, as bench/harness.ts takes ours.
func ownCPUMicros() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		fail(err)
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e3
}

// processesCPUMicros is the user + system CPU time so far of the processes pids together (kube-apiserver and etcd,
// from RX_KUBE_E2E_SERVER_PIDS), in microseconds: utime and stime of /proc/<pid>/stat, counted from the last ")" as
// the command name may hold spaces, in Linux's USER_HZ of 100.
func processesCPUMicros(pids []string) float64 {
	total := 0.0
	for _, pid := range pids {
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil {
			fail(err)
		}
		text := string(stat)
		fields := strings.Fields(text[strings.LastIndexByte(text, ')')+1:])
		if len(fields) < 13 {
			fail(fmt.Errorf("not the text of a /proc/<pid>/stat: %.80s", text))
		}
		utime, errU := strconv.Atoi(fields[11])
		stime, errS := strconv.Atoi(fields[12])
		if errU != nil || errS != nil {
			fail(fmt.Errorf("not the text of a /proc/<pid>/stat: %.80s", text))
		}
		total += float64(utime+stime) * 1e6 / 100
	}
	return total
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "client-go-bench:", err)
	os.Exit(1)
}

func main() {
	size := flag.String("size", "full", "full (WORKLOADS.md's sizes) or tiny")
	only := flag.String("only", "w1,w2,w3,w4,w5,w6,w7", "workloads to run: w1…w7, burst, plain (these two need -kubeconfig)")
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the kube-apiserver for burst and plain")
	klogFlags := flag.NewFlagSet("klog", flag.ExitOnError)
	klog.InitFlags(klogFlags)
	// The recorder logs every dropped or failed write at error level; the figures are what matters here.
	_ = klogFlags.Set("logtostderr", "false")
	_ = klogFlags.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
	flag.Parse()
	full := *size == "full"
	for _, w := range strings.Split(*only, ",") {
		switch w {
		case "w1":
			w1(full)
		case "w2":
			w2(full)
		case "w3":
			w3(full)
		case "w4":
			w4(full)
		case "w5":
			w5(full)
		case "w6":
			w6(full)
		case "w7":
			w7(full)
		case "burst":
			burst(full, *kubeconfig)
		case "plain":
			plain(full, *kubeconfig)
		default:
			fail(fmt.Errorf("unknown workload %q", w))
		}
	}
}
