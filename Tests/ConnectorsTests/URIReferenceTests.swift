import Connectors
import Testing

@Suite("RFC 3986 §5 reference resolution")
struct URIReferenceTests {
    // RFC 3986 §5.4.1 (normal) and §5.4.2 (abnormal) examples, base "http://a/b/c/d;p?q".
    static let examples: [(String, String)] = [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"),
        ("/./g", "http://a/g"), ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"),
        ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"),
        ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
    ]

    @Test("RFC 3986 §5.4 examples", arguments: examples)
    func rfcExamples(_ example: (String, String)) {
        #expect(URIReference.resolve(example.0, against: "http://a/b/c/d;p?q") == example.1)
    }

    @Test("An absolute CBS link is returned byte for byte")
    func absoluteUnchanged() {
        let link = "https://opendata.cbs.nl/ODataFeed/OData/83599NED/UntypedDataSet/?$format=json&$skip=10000"
        #expect(URIReference.resolve(link, against: "https://opendata.cbs.nl/x?$format=json") == link)
    }

    @Test("A snapshot's relative page link resolves in the snapshot directory")
    func snapshotLink() {
        #expect(
            URIReference.resolve("UntypedDataSet-skip10000.json", against: "file:///runs/cbs/UntypedDataSet.json")
                == "file:///runs/cbs/UntypedDataSet-skip10000.json")
    }
}
