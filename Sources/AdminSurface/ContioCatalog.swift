extension Catalog {
    /// Contio partner admin operations (`PartnerAdminClient` method names, flat on `contio`).
    public static let contio: [Operation] = []
}
