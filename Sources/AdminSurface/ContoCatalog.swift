extension Catalog {
    /// Conto org admin operations (`ContoAdmin` namespaces on `conto`).
    public static let conto: [Operation] = []
}
