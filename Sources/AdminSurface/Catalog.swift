/// Every operation adminsh binds, both platforms.
public enum Catalog {
    public static var all: [AdminOperation] { contio + conto }

    /// Every operation by qualified name (`conto.agents.create`).
    public static let byName: [String: AdminOperation] =
        Dictionary(all.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })

    /// Looks an operation up by `platform.luaName`.
    public static func operation(_ qualifiedName: String) -> AdminOperation? {
        byName[qualifiedName]
    }

    /// Every response field some operation declares secret: the one list that decides what is
    /// redacted where no single operation is known (plans, printed output, stored bodies).
    public static let secretFieldNames: Set<String> = Set(all.flatMap(\.secretFields))
}
