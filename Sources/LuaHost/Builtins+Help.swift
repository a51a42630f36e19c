extension LuaState {
    /// Help texts for the modules the host itself provides.
    func documentBuiltins() {
        setHelp("json", "json: encode and decode JSON (null is json.null, integers stay integers)")
        setHelp("json.encode", "json.encode(value [, {pretty=true}]) -> string\n  Sequences become arrays, other tables objects with sorted keys; cycles are refused.")
        setHelp("json.decode", "json.decode(text) -> value\n  Objects become tables, arrays sequences, null becomes json.null.")
        setHelp("json.array", "json.array([t]) -> t\n  Marks a table (even an empty one) to encode as a JSON array.")
        setHelp("task", "task: run functions concurrently on the host scheduler (API calls in flight at once)")
        setHelp("task.spawn", "task.spawn(fn, ...) -> id\n  Starts fn(...) as a task; it runs when the current task waits.")
        setHelp("task.wait", "task.wait(id) -> results...\n  Waits for a task and returns its results, or raises its error.")
        setHelp("task.sleep", "task.sleep(seconds)\n  Pauses this task without blocking the others.")
    }
}
