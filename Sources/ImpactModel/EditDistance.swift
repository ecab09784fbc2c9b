/// The Levenshtein distance between two strings: the fewest single-character insertions, deletions and
/// substitutions (over `Character`s, so an accented letter counts once) that turn `a` into `b`.
///
/// Used for the "did you mean" hints of every configuration check (pipeline file, `config/*.yaml`, the
/// afwegingskader). O(|a|·|b|) time and O(|b|) memory; the names compared are short keys and ids.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
