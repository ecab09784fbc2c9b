import ImpactModel
import Testing

/// Issue 15, items 1 and 3: the one masking function, `${NAME}` expansion, and the one numeric range.
@Suite struct SecretsTests {
    @Test(arguments: [
        ("https://u:pw@h.test/x?apikey=abc&plain=1", "https://u:***@h.test/x?apikey=***&plain=1"),
        ("GET https://h.test/a?region_token=zz&b=2 failed", "GET https://h.test/a?region_token=***&b=2 failed"),
        ("https://h.test/a?X-Custom=v1", "https://h.test/a?X-Custom=v1"),
        ("matrix a=1;key=value and plain key=value", "matrix a=1;key=*** and plain key=value"),
        (
            "https://opendata.cbs.nl/ODataApi/OData/83625NED/TypedDataSet?$format=json",
            "https://opendata.cbs.nl/ODataApi/OData/83625NED/TypedDataSet?$format=json"
        ),
    ])
    func structuralMasking(text: String, masked: String) {
        #expect(Secrets.mask(text) == masked)
    }

    @Test func registeredValuesAreMaskedEverywhereAlsoPercentEncoded() {
        Secrets.register("s3cr3t/value+1")
        #expect(Secrets.mask("path /x/s3cr3t/value+1/y") == "path /x/***/y")
        #expect(Secrets.mask("q=s3cr3t%2Fvalue%2B1") == "q=***")
        Secrets.register("abc")  // too short to mask by value
        #expect(Secrets.mask("abc abc") == "abc abc")
    }

    @Test func expansionReplacesAndRegistersAndReportsMissing() {
        let e = Secrets.expand(
            "https://${USER_X}:${PW_X}@h.test/${MISSING_X}?k=$${LITERAL}",
            environment: ["USER_X": "analyst", "PW_X": "pw-9f8e7d"])
        #expect(e.text == "https://analyst:pw-9f8e7d@h.test/${MISSING_X}?k=${LITERAL}")
        #expect(e.names == ["USER_X", "PW_X", "MISSING_X"])
        #expect(e.missing == ["MISSING_X"])
        #expect(Secrets.mask("echo pw-9f8e7d") == "echo ***")
    }

    @Test(arguments: [
        (1e32, false), (-0.0, true), (Double.nan, false), (Double.infinity, false), (-Double.infinity, false),
        (2e19, false), (1e40, false), (1e15, true), (-1e15, true), (123.45, true),
    ])
    func numericRange(value: Double, accepted: Bool) {
        #expect((NumericRange.accepted(value) != nil) == accepted)
        if accepted { #expect(NumericRange.accepted(value)?.sign == .plus || value < 0) }
    }

    @Test func cbsCellsOutOfRangeAreNotValues() {
        #expect(CBSCell.parse("1e32") == nil)
        #expect(CBSCell.parse("NaN") == nil)
        #expect(CBSCell.parse("Infinity") == nil)
        #expect(CBSCell.parse("1234567890123456789012345678901234567890") == nil)
        #expect(CBSCell.parse("-0") == .value(0))
        #expect(CBSCell.parse("   135.5") == .value(135.5))
    }
}
