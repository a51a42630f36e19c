// C helpers for the Swift Lua host: the Lua macros Swift cannot import, the error/yield
// trampoline, the capped allocator and the limit/interrupt hook.
#ifndef ADMINSH_LUA_SHIM_H
#define ADMINSH_LUA_SHIM_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>

// ---- Per-state host data (lives in the allocator's user data; reachable from every thread) ----

typedef struct adminsh_host {
    size_t used;              // bytes currently allocated by Lua
    size_t peak;              // high-water mark
    size_t limit;             // 0 = unlimited
    int64_t instruction_limit;// 0 = unlimited; counted per chunk
    int64_t instructions;     // executed in the current chunk (approx., by hook granularity)
    double deadline;          // monotonic seconds; 0 = none
    volatile int interrupt;   // set by adminsh_request_interrupt (signal-safe)
    volatile int bulk_depth;  // bulk runs (parallel.map) in progress; see adminsh_user_interrupt
    volatile int stop_requested; // a Ctrl-C asked bulk runs to start no new items
    lua_State *volatile running; // thread currently resumed by the host
    int tripped;              // ADMINSH_TRIP_*: the limit that ended this chunk; stays until the next
    char time_limit_text[32]; // the time limit as the message shows it ("2")
} adminsh_host;

#define ADMINSH_TRIP_INSTRUCTIONS 1
#define ADMINSH_TRIP_TIME 2
#define ADMINSH_TRIP_INTERRUPT 3

/// Creates a state whose allocator enforces host->limit. Returns NULL on failure.
lua_State *adminsh_newstate(adminsh_host *host);
adminsh_host *adminsh_gethost(lua_State *L);

/// Installs the limit hook (instruction budget, deadline) on L according to host settings.
void adminsh_install_hook(lua_State *L);
/// Async-signal-safe: asks the running Lua code to stop with "interrupted!" at its next instruction.
void adminsh_request_interrupt(adminsh_host *host);
/// Async-signal-safe: a Ctrl-C. While bulk work runs and no stop was asked yet, it only asks the
/// bulk runs to start no new items (in-flight calls finish); otherwise it is adminsh_request_interrupt.
void adminsh_user_interrupt(adminsh_host *host);
/// Resets the per-chunk counters (instructions, interrupt flag).
void adminsh_reset_chunk(adminsh_host *host);
double adminsh_monotonic(void);
/// Marks the time limit as reached (the scheduler noticed it while coroutines waited).
void adminsh_trip_time_limit(adminsh_host *host);
/// A Ctrl-C outside bulk runs ends the chunk like a limit does (pcall cannot swallow it).
void adminsh_trip_interrupt(adminsh_host *host);
/// If a limit tripped in this chunk, writes its message and returns 1; else returns 0.
int adminsh_tripped_message(adminsh_host *host, char *buffer, size_t size);
/// Pushes `guard(...)`: returns its arguments unless a limit tripped, then raises that limit.
void adminsh_push_limit_guard(lua_State *L);
/// Pushes `guard(object, mt)`: raises if `mt` has a `__gc` field, else returns its arguments.
void adminsh_push_finalizer_guard(lua_State *L);

// ---- Trampoline ----
// A Swift body has the shape `int body(lua_State *L, void *box)`. It never raises Lua errors.
// Return >= 0: number of results. ADMINSH_RAISE: error value is on top; the trampoline raises it.
// ADMINSH_YIELD: the host parked this coroutine; the trampoline yields and, when resumed with
// (true, values...) returns the values, with (false, err) raises err.
#define ADMINSH_RAISE (-1)
#define ADMINSH_YIELD (-2)
typedef int (*adminsh_body)(lua_State *L, void *box);

/// The block of the full userdata behind a trampoline: the Swift object (slot the userdata's
/// `__gc` releases) and the body that receives the block. One upvalue, one lookup per call.
typedef struct {
    void *object;
    adminsh_body body;
} adminsh_function_block;

/// Replaces the value on top (a full userdata of at least `sizeof(adminsh_function_block)` bytes
/// whose first slot is set) with a C closure that calls `body(L, block)` and handles
/// ADMINSH_RAISE / ADMINSH_YIELD; `body` is stored in the block.
void adminsh_push_trampoline(lua_State *L, adminsh_body body);
/// Plain C functions for benchmarks and tests.
int adminsh_c_identity(lua_State *L);

// ---- Protected calls that never longjmp into Swift ----
/// Message handler adding a traceback for string errors; leaves non-string error values as they are.
int adminsh_msghandler(lua_State *L);
int adminsh_pcall(lua_State *L, int nargs, int nresults);
int adminsh_resume(lua_State *co, lua_State *from, int nargs, int *nresults);
/// Protected luaL_loadbuffer; result code as lua_load.
int adminsh_load(lua_State *L, const char *buf, size_t len, const char *name, const char *mode);
/// Protected rawlen/next-free helpers.
int adminsh_traceback(lua_State *L, lua_State *co, const char *msg, int level);
/// tostring through __tostring in protected mode; pushes a string (or an error message).
int adminsh_tolstring_safe(lua_State *L, int idx);

// ---- Macros Swift cannot see ----
static inline int adminsh_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int adminsh_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void adminsh_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void adminsh_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *adminsh_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline int adminsh_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline void adminsh_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline void adminsh_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void adminsh_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void adminsh_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline void *adminsh_newuserdata(lua_State *L, size_t n) { return lua_newuserdatauv(L, n, 1); }
static inline void adminsh_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline int adminsh_upvalue_ok(void) { return 1; }
void adminsh_gc_collect(lua_State *L);
int adminsh_gc_count_kb(lua_State *L);
/// Pushes a string describing a value's type (luaL_typename).
const char *adminsh_typename(lua_State *L, int i);

#endif
