import AdminSurface
import LuaHost

/// The catalog's inverses as Lua data for `adminsh.operations[name].inverse`:
/// `{operation, args = {source...}, fields = {name = source}, restore = true?, read = {operation, args, path?, pick?}}`
/// or `{none = reason}`, where a source is `{arg = i}`, `{field = name}`, `{result = path}`,
/// `{previous = path [, only = {names}]}` or `{value = text}`.
enum InverseData {
    static func luaValue(_ inverse: Inverse) -> LuaValue {
        switch inverse {
        case .none(let reason):
            return .table(["none": .string(reason)])
        case .call(let call):
            var t: [LuaValue: LuaValue] = [
                "operation": .string(call.operation),
                "args": .array(call.arguments.map(source)),
                "fields": .table(Dictionary(uniqueKeysWithValues: call.fields.map { (LuaValue.string($0.key), source($0.value)) })),
            ]
            if call.restoresFields { t["restore"] = true }
            if let read = call.read {
                var r: [LuaValue: LuaValue] = ["operation": .string(read.operation), "args": .array(read.arguments.map(source))]
                if let path = read.path { r["path"] = .string(path) }
                if let e = read.element {
                    r["pick"] = .table(["list": .string(e.list), "match": .string(e.match), "equals": source(e.equals)])
                }
                t["read"] = .table(r)
            }
            return .table(t)
        }
    }

    static func source(_ s: ValueSource) -> LuaValue {
        switch s {
        case .argument(let i): return .table(["arg": .integer(Int64(i))])
        case .field(let name): return .table(["field": .string(name)])
        case .result(let path): return .table(["result": .string(path)])
        case .previous(let path): return .table(["previous": .string(path)])
        case .previousKeeping(let path, let names):
            return .table(["previous": .string(path), "only": .array(names.map { .string($0) })])
        case .literal(let text): return .table(["value": .string(text)])
        }
    }
}
