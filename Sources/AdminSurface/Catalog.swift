/// Every operation adminsh binds, both platforms.
public enum Catalog {
    public static var all: [AdminOperation] { contio + conto }

    /// Looks an operation up by `platform.luaName`.
    public static func operation(_ qualifiedName: String) -> AdminOperation? {
        all.first { $0.qualifiedName == qualifiedName }
    }
}
