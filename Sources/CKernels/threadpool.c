// A small thread pool for the runtime's parallel loops (pk_parallel_for).
//
// Why not GCD's concurrentPerform: its idle workers sleep, and waking one costs tens of
// microseconds, as much as a whole MobileNet layer; two threads then ran slower than one.
// Here workers spin for ~1 ms (40000 pauses of ~25 ns here) after each job before they
// block, so the jobs of one inference (a few µs apart) find them awake, while an idle
// process soon stops using the CPU (onnxruntime's pool spins the same way).
//
// Jobs are published through one 64-bit word: generation (high 32 bits) and next part
// (low 32 bits). A part is claimed by compare-and-swap on that word, so a worker can never
// claim a part of a job other than the one whose generation it saw, and it reads the job's
// function only after its claim succeeded (the job cannot finish, hence cannot be
// replaced, while one of its parts is claimed and not done). A submitter first moves the
// word to an odd generation (nothing claimable), then writes the job, then publishes it
// under the next even generation: a worker that read the old word and the new part count
// fails its compare-and-swap instead of claiming a part past the old job's end.
//
// While an inference runs (pk_pool_hold), workers do not go to sleep between jobs at all,
// and the hold wakes sleeping ones at its start, so the wake-up overlaps the run's first
// serial work. On this platform's virtual CPUs a sleeping worker's CPU halts and waking
// it costs up to milliseconds; workers that slept between the jobs of one run made
// resnet18 on two threads take 12-16 ms (median, `parity bench`, runs ~40 ms apart)
// instead of 9.3-9.7 ms with the hold (onnxruntime keeps its workers spinning through a
// whole run in the same way, its "parallel section").
#define _GNU_SOURCE
#include "CKernels.h"
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORKERS 63
#define SPIN_ITERATIONS 40000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t submit_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int workers = 0;
static _Atomic unsigned long long word;   // generation << 32 | next part
static _Atomic long done;
static _Atomic int sleepers;
static pk_task_fn job_fn;
static void *job_ctx;
static _Atomic long job_parts;
static _Atomic int holds;
static pthread_t worker_threads[MAX_WORKERS];
static int pinned_around = -2;   // the CPU the workers were last placed around (-2: never)
static cpu_set_t process_cpus;   // the CPUs the process may use, read once

// One step of a spin-wait; every YIELD_EVERY steps the thread yields instead. Scheduler
// traces of slow two-thread runs showed the worker runnable but waiting for ~10 ms while
// the submitter ran: when both threads share one CPU, a pure spin holds it for a whole
// time slice while the thread it waits for cannot run. Alone on its CPU, sched_yield
// returns at once (~0.4 µs here).
#define YIELD_EVERY 256
static inline void spin_pause(unsigned long step) {
    if (step % YIELD_EVERY == 0) sched_yield(); else _mm_pause();
}

static inline unsigned gen_of(unsigned long long v) { return (unsigned)(v >> 32); }
static inline long idx_of(unsigned long long v) { return (long)(v & 0xFFFFFFFFu); }

// Claims and runs parts of generation `g` until none is left.
static void run_parts(unsigned g) {
    for (;;) {
        unsigned long long v = atomic_load(&word);
        if (gen_of(v) != g || idx_of(v) >= job_parts) return;
        if (!atomic_compare_exchange_weak(&word, &v, v + 1)) continue;
        long i = idx_of(v);
        job_fn(job_ctx, i);
        atomic_fetch_add(&done, 1);
    }
}

static void *worker_main(void *arg) {
    (void)arg;
    unsigned seen = gen_of(atomic_load(&word)) & ~1u;
    for (;;) {
        unsigned g;
        unsigned long steps = 0;
        int idle = 0;  // steps since the last hold ended
        // An odd generation is a job being written: not yet one to take.
        while ((g = gen_of(atomic_load(&word))) == seen || (g & 1)) {
            steps++;
            if (atomic_load(&holds) > 0) idle = 0;
            if (++idle < SPIN_ITERATIONS) { spin_pause(steps); continue; }
            pthread_mutex_lock(&mu);
            atomic_fetch_add(&sleepers, 1);
            while (((g = gen_of(atomic_load(&word))) == seen || (g & 1)) && atomic_load(&holds) == 0)
                pthread_cond_wait(&cv, &mu);
            atomic_fetch_sub(&sleepers, 1);
            pthread_mutex_unlock(&mu);
            idle = 0;
        }
        seen = g;
        run_parts(g);
    }
    return 0;
}

static void wake_sleepers(void) {
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&mu);
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
}

// Places worker k on the k-th allowed CPU other than the caller's current one, when there
// are enough CPUs for the caller and every worker (else, or with PARITY_PIN_THREADS=0, the
// scheduler places them). Per-thread scheduler statistics of slow two-thread runs after an
// idle pause showed the woken worker runnable but not running for ~10 ms, the run going at
// one-thread speed (resnet18 and efficientnet_b0 in about half of `parity bench`'s runs);
// why the scheduler left it queued is not established (a virtual CPU the host has
// descheduled does not count as idle to Linux), but placing it removed the slow runs.
// Done at the start of a hold when the caller has moved.
static void place_workers(int here) {
    if (workers == 0 || here < 0 || here == pinned_around) return;
    int k = 0;
    for (int c = 0; c < CPU_SETSIZE && k < workers; c++) {
        if (c == here || !CPU_ISSET(c, &process_cpus)) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(c, &one);
        pthread_setaffinity_np(worker_threads[k++], sizeof one, &one);
    }
    pinned_around = here;
}

static int pinning_enabled(void) {
    static int enabled = -1;
    if (enabled < 0) {
        const char *v = getenv("PARITY_PIN_THREADS");
        enabled = !(v && strcmp(v, "0") == 0);
        if (enabled) enabled = sched_getaffinity(0, sizeof process_cpus, &process_cpus) == 0;
    }
    return enabled;
}

// The caller of the outermost hold on this thread, pinned to its CPU for the hold's span
// and given back its own CPU set at the end. With only the workers placed, whole
// `parity bench` processes stayed slow on two threads (resnet18 at batch 1: every run
// 9.1-9.5 ms, p10 included, in two of five processes; 7.9-8.2 in the others): the caller
// left its CPU for the worker's between runs. With the caller pinned too, six processes
// out of six ran at 7.9-8.6 ms.
static _Thread_local int caller_pinned;
static _Thread_local cpu_set_t caller_cpus;
static _Thread_local int caller_depth;

void pk_pool_hold(int on) {
    if (on) {
        if (caller_depth++ == 0 && pinning_enabled() && workers > 0 && CPU_COUNT(&process_cpus) >= workers + 1) {
            int here = sched_getcpu();
            if (here >= 0 && pthread_getaffinity_np(pthread_self(), sizeof caller_cpus, &caller_cpus) == 0) {
                cpu_set_t one;
                CPU_ZERO(&one);
                CPU_SET(here, &one);
                caller_pinned = pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0;
                pthread_mutex_lock(&submit_mu);   // (workers and worker_threads change under it)
                place_workers(here);
                pthread_mutex_unlock(&submit_mu);
            }
        }
        atomic_fetch_add(&holds, 1);
        wake_sleepers();
    } else {
        atomic_fetch_sub(&holds, 1);
        if (--caller_depth == 0 && caller_pinned) {
            pthread_setaffinity_np(pthread_self(), sizeof caller_cpus, &caller_cpus);
            caller_pinned = 0;
        }
    }
}

int pk_pool_workers(void) {
    pthread_mutex_lock(&submit_mu);
    int n = workers;
    pthread_mutex_unlock(&submit_mu);
    return n;
}

int pk_parallel_for(long parts, pk_task_fn fn, void *ctx) {
    if (parts <= 0) return 0;
    if (parts == 1) { fn(ctx, 0); return 0; }
    pthread_mutex_lock(&submit_mu);  // one job at a time
    long want = parts - 1 < MAX_WORKERS ? parts - 1 : MAX_WORKERS;
    while (workers < want) {
        pthread_t t;
        if (pthread_create(&t, 0, worker_main, 0) != 0) break;
        pthread_detach(t);
        worker_threads[workers] = t;
        workers++;
        pinned_around = -2;
    }
    unsigned g = gen_of(atomic_load(&word)) + 1;  // even: the last job; odd: writing this one
    atomic_store(&word, (unsigned long long)g << 32);
    job_fn = fn;
    job_ctx = ctx;
    atomic_store(&job_parts, parts);
    atomic_store(&done, 0);
    g++;
    atomic_store(&word, (unsigned long long)g << 32);
    wake_sleepers();
    run_parts(g);
    for (unsigned long spins = 1; atomic_load(&done) < parts; spins++) spin_pause(spins);
    pthread_mutex_unlock(&submit_mu);
    return 0;
}
