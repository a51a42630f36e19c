#define _GNU_SOURCE
#include "shim.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

// ---------------------------------------------------------------- allocator with a cap

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    adminsh_host *host = (adminsh_host *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        host->used -= old;
        return NULL;
    }
    // Refuse growth past the cap; Lua turns NULL into a "not enough memory" error.
    if (host->limit && nsize > old && host->used - old + nsize > host->limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    host->used = host->used - old + nsize;
    if (host->used > host->peak) host->peak = host->used;
    return p;
}

static int panic_handler(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "adminsh: unprotected Lua error: %s\n", msg ? msg : "(error object)");
    return 0; // abort follows
}

lua_State *adminsh_newstate(adminsh_host *host) {
    lua_State *L = lua_newstate(capped_alloc, host);
    if (L) lua_atpanic(L, panic_handler);
    return L;
}

adminsh_host *adminsh_gethost(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (adminsh_host *)ud;
}

double adminsh_monotonic(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// ---------------------------------------------------------------- hook: limits and interrupt

#define HOOK_GRANULARITY 1000

static void limit_hook(lua_State *L, lua_Debug *ar);
void adminsh_trip_interrupt(adminsh_host *h);

static void install(lua_State *L, adminsh_host *h) {
    if (h->instruction_limit > 0 || h->deadline > 0 || h->tripped)
        lua_sethook(L, limit_hook, LUA_MASKCOUNT, HOOK_GRANULARITY);
    else
        lua_sethook(L, NULL, 0, 0);
}

/// Raises the error of the limit that tripped. Once tripped, a limit stays tripped for the rest of
/// the chunk: the hook raises again at every count and the pcall guards re-raise, so no `pcall`
/// loop can swallow it.
static int raise_tripped(lua_State *L, adminsh_host *h) {
    if (h->tripped == ADMINSH_TRIP_INTERRUPT) return luaL_error(L, "interrupted!");
    if (h->tripped == ADMINSH_TRIP_INSTRUCTIONS)
        return luaL_error(L, "instruction limit of %I instructions reached", (lua_Integer)h->instruction_limit);
    return luaL_error(L, "time limit of %s s reached", h->time_limit_text);
}

static void limit_hook(lua_State *L, lua_Debug *ar) {
    adminsh_host *h = adminsh_gethost(L);
    if (h->interrupt) {
        h->interrupt = 0;
        adminsh_trip_interrupt(h);
        install(L, h); // back to the normal hook before raising
        luaL_error(L, "interrupted!");
        return;
    }
    if (ar->event == LUA_HOOKCOUNT) {
        if (h->tripped) { raise_tripped(L, h); return; }
        h->instructions += HOOK_GRANULARITY;
        if (h->instruction_limit > 0 && h->instructions > h->instruction_limit) {
            h->tripped = ADMINSH_TRIP_INSTRUCTIONS;
            raise_tripped(L, h);
        }
        if (h->deadline > 0 && adminsh_monotonic() > h->deadline) {
            h->tripped = ADMINSH_TRIP_TIME;
            raise_tripped(L, h);
        }
    }
}

void adminsh_trip_time_limit(adminsh_host *h) { h->tripped = ADMINSH_TRIP_TIME; }

void adminsh_trip_interrupt(adminsh_host *h) {
    // During bulk runs a Ctrl-C interrupts the calls in flight and the run reports what it did
    // (parallel.map's summary): only outside them does it end the whole chunk.
    if (h->bulk_depth == 0 && !h->tripped) h->tripped = ADMINSH_TRIP_INTERRUPT;
}

int adminsh_tripped_message(adminsh_host *h, char *buffer, size_t size) {
    if (!h->tripped) return 0;
    if (h->tripped == ADMINSH_TRIP_INTERRUPT)
        snprintf(buffer, size, "interrupted!");
    else if (h->tripped == ADMINSH_TRIP_INSTRUCTIONS)
        snprintf(buffer, size, "instruction limit of %lld instructions reached", (long long)h->instruction_limit);
    else
        snprintf(buffer, size, "time limit of %s s reached", h->time_limit_text);
    return 1;
}

/// `guard(...)`: returns its arguments, unless a limit has tripped in this chunk; then raises it.
/// The host wraps pcall, xpcall and coroutine.resume/close with it (adminsh/host/guards.lua).
static int limit_guard(lua_State *L) {
    adminsh_host *h = adminsh_gethost(L);
    if (h->tripped) return raise_tripped(L, h);
    return lua_gettop(L);
}

/// Refuses what would let a script escape the host: a metatable with `__gc` (finalizers run with
/// hooks off, so a loop in one could never be stopped). Returns the object, the metatable.
static int finalizer_guard(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int kind = lua_rawget(L, 2);
        lua_pop(L, 1);
        if (kind != LUA_TNIL && (lua_type(L, 1) == LUA_TTABLE || lua_type(L, 1) == LUA_TUSERDATA)) {
            luaL_where(L, 2); // the script's line, not the wrapper's
            lua_pushliteral(L, "__gc metamethods are not available to scripts (use a <close> variable)");
            lua_concat(L, 2);
            return lua_error(L);
        }
    }
    return lua_gettop(L);
}

void adminsh_push_limit_guard(lua_State *L) { lua_pushcfunction(L, limit_guard); }
void adminsh_push_finalizer_guard(lua_State *L) { lua_pushcfunction(L, finalizer_guard); }

void adminsh_install_hook(lua_State *L) { install(L, adminsh_gethost(L)); }

void adminsh_request_interrupt(adminsh_host *h) {
    // Same approach as lua.c: only set a flag and a hook (lua_sethook is signal-safe).
    h->interrupt = 1;
    lua_State *L = h->running;
    if (L) lua_sethook(L, limit_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

void adminsh_user_interrupt(adminsh_host *h) {
    if (h->bulk_depth > 0 && !h->stop_requested) {
        h->stop_requested = 1;
        return;
    }
    adminsh_request_interrupt(h);
}

void adminsh_reset_chunk(adminsh_host *h) {
    h->instructions = 0;
    h->interrupt = 0;
    h->bulk_depth = 0;
    h->stop_requested = 0;
    h->tripped = 0;
}

// ---------------------------------------------------------------- trampoline

static int continue_after_yield(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    int base = (int)ctx;           // stack height when the body parked the coroutine
    int top = lua_gettop(L);
    if (top <= base) return 0;
    int ok = lua_toboolean(L, base + 1);
    if (!ok) {
        lua_settop(L, base + 2);
        return lua_error(L);
    }
    return top - base - 1;
}

static int trampoline(lua_State *L) {
    adminsh_function_block *block = (adminsh_function_block *)lua_touserdata(L, lua_upvalueindex(1));
    int n = block->body(L, block);
    if (n >= 0) return n;
    if (n == ADMINSH_YIELD) {
        int base = lua_gettop(L);
        return lua_yieldk(L, 0, (lua_KContext)base, continue_after_yield);
    }
    return lua_error(L);
}

void adminsh_push_trampoline(lua_State *L, adminsh_body body) {
    // Stack in: [block userdata]. It becomes the closure's only upvalue and keeps the Swift
    // object alive (its __gc releases it) for as long as the closure exists.
    adminsh_function_block *block = (adminsh_function_block *)lua_touserdata(L, -1);
    block->body = body;
    lua_pushcclosure(L, trampoline, 1);
}

int adminsh_c_identity(lua_State *L) {
    return lua_gettop(L);
}

// ---------------------------------------------------------------- protected entry points

int adminsh_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) return 1; // keep tables and other values intact; the host adds the traceback
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int adminsh_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, adminsh_msghandler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

int adminsh_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
    adminsh_host *h = adminsh_gethost(co);
    lua_State *prev = h->running;
    h->running = co;
    if (h->interrupt) adminsh_request_interrupt(h);
    int status = lua_resume(co, from, nargs, nresults);
    h->running = prev;
    return status;
}

int adminsh_load(lua_State *L, const char *buf, size_t len, const char *name, const char *mode) {
    return luaL_loadbufferx(L, buf, len, name, mode);
}

static int traceback_impl(lua_State *L) {
    lua_State *co = (lua_State *)lua_touserdata(L, 1);
    const char *msg = lua_tostring(L, 2);
    int level = (int)lua_tointeger(L, 3);
    luaL_traceback(L, co, msg, level);
    return 1;
}

int adminsh_traceback(lua_State *L, lua_State *co, const char *msg, int level) {
    lua_pushcfunction(L, traceback_impl);
    lua_pushlightuserdata(L, co);
    if (msg) lua_pushstring(L, msg); else lua_pushnil(L);
    lua_pushinteger(L, level);
    return lua_pcall(L, 3, 1, 0);
}

static int tolstring_impl(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int adminsh_tolstring_safe(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, tolstring_impl);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

void adminsh_gc_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT, 0); }
int adminsh_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT, 0); }
const char *adminsh_typename(lua_State *L, int i) { return luaL_typename(L, i); }
