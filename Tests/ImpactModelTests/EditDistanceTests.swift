import ImpactModel
import Testing

/// The textbook Levenshtein distances (Levenshtein 1966; the standard examples of Wagner–Fischer).
@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0),
        ("café", "cafe", 1), ("headline_metric", "headline_metrics", 1), ("nmae", "name", 2),
    ])
    func knownDistances(a: String, b: String, distance: Int) {
        #expect(editDistance(a, b) == distance)
        #expect(editDistance(b, a) == distance)
    }
}
