// A small thread pool for the runtime's parallel loops (pk_parallel_for).
//
// Why not GCD's concurrentPerform: its idle workers sleep, and waking one costs tens of
// microseconds, as much as a whole MobileNet layer; two threads then ran slower than one.
// Here workers spin for ~100 µs after each job before they block, so the jobs of one
// inference (a few µs apart) find them awake, while an idle process stops using the CPU
// almost at once (onnxruntime's pool spins the same way).
//
// Jobs are published through one 64-bit word: generation (high 32 bits) and next part
// (low 32 bits). A part is claimed by compare-and-swap on that word, so a worker can never
// claim a part of a job other than the one whose generation it saw, and it reads the job's
// function only after its claim succeeded (the job cannot finish, hence cannot be
// replaced, while one of its parts is claimed and not done).
#include "CKernels.h"
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>

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
static long job_parts;

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
    unsigned seen = gen_of(atomic_load(&word));
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = gen_of(atomic_load(&word))) == seen) {
            if (++spins < SPIN_ITERATIONS) { _mm_pause(); continue; }
            pthread_mutex_lock(&mu);
            atomic_fetch_add(&sleepers, 1);
            while ((g = gen_of(atomic_load(&word))) == seen) pthread_cond_wait(&cv, &mu);
            atomic_fetch_sub(&sleepers, 1);
            pthread_mutex_unlock(&mu);
            break;
        }
        seen = g;
        run_parts(g);
    }
    return 0;
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
        workers++;
    }
    job_fn = fn;
    job_ctx = ctx;
    job_parts = parts;
    atomic_store(&done, 0);
    unsigned g = gen_of(atomic_load(&word)) + 1;
    atomic_store(&word, (unsigned long long)g << 32);
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&mu);
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    run_parts(g);
    while (atomic_load(&done) < parts) _mm_pause();
    pthread_mutex_unlock(&submit_mu);
    return 0;
}
