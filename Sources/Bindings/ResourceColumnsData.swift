import AdminSurface
import LuaHost

/// The catalog's table columns as Lua data: `adminsh.operations[name].columns` (the default
/// columns in order) and `.noun` (`agents`) for every list operation, read by the pretty printer.
enum ResourceColumnsData {
    static func install(in state: LuaState, operations: [AdminOperation] = Catalog.all) throws {
        var byName: [LuaValue: LuaValue] = [:]
        for op in operations {
            guard let table = op.tableColumns else { continue }
            byName[.string(op.qualifiedName)] = .table(["noun": .string(table.noun), "columns": .array(table.columns.map { .string($0) })])
        }
        try state.run("""
            for name, t in pairs(...) do
              local entry = adminsh.operations[name]
              if entry then entry.columns, entry.noun = t.columns, t.noun end
            end
            """, name: "=columns", arguments: [.table(byName)])
    }
}
