extension SBI2008 {
    /// The complete class lists of the SBI 2008 divisions that have only one or two classes, as code prefixes
    /// padded to 5 digits with `0` (SBI's 5th digit; these classes have no Dutch subclass).
    ///
    /// Source: NACE Rev. 2 (Eurostat, 2008), followed by SBI 2008 at the class level: division 97 has the single
    /// class 97.00 (households as employers of domestic personnel), 98 the classes 98.10 and 98.20, and 99 the
    /// single class 99.00 (extraterritorial organisations). A code such as `99999` has a known division but names a
    /// class that does not exist.
    static let shortDivisionClasses: [String: [String]] = [
        "97": ["97000"], "98": ["98100", "98200"], "99": ["99000"],
    ]

    /// Whether an SBI code of 2 to 5 digits can exist: its division is an SBI 2008 division and, for the divisions
    /// of ``shortDivisionClasses``, it is the prefix of one of their classes.
    ///
    /// Codes of the other divisions are not checked below the division (see ``SBI2008``: no complete code list is
    /// available offline).
    package static func isPossibleCode(_ code: String) -> Bool {
        guard hasKnownDivision(code) else { return false }
        guard let classes = shortDivisionClasses[String(code.prefix(2))] else { return true }
        return classes.contains { $0.hasPrefix(code) }
    }
}
