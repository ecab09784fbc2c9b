import ImpactModel

extension RegionalClassification {
    /// The sentence the report prints about it (plain Dutch / English), naming the programme's municipality.
    package func sentence(dutch: Bool, municipality: String) -> String {
        switch (self, dutch) {
        case (.per_period, true):
            "Gemeentegrenzen: elk kwartaal telt met de gemeentelijke indeling die op de laatste dag van dat kwartaal gold (CBS: indeling per peildatum). Een onderneming in een gemeente die later bij \(municipality) kwam, telt pas mee vanaf de datum van die samenvoeging."
        case (.current, true):
            "Gemeentegrenzen: alle kwartalen tellen met de gemeentelijke indeling van het laatste kwartaal van dit rapport (CBS: actuele indeling). Een onderneming in een gemeente die later bij \(municipality) kwam, telt ook in eerdere kwartalen mee."
        case (.per_period, false):
            "Municipal boundaries: each quarter is counted on the boundaries in force on its last day (CBS: classification per reference date)."
        case (.current, false):
            "Municipal boundaries: every quarter is counted on the boundaries of the report's last quarter (CBS: current classification)."
        }
    }
}
