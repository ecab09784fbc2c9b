import ArgumentParser
import Foundation

/// `impactmon`: the quarterly impact report of a municipal programme for social enterprises.
@main
struct ImpactMon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impactmon",
        abstract: "Turns open data and the social-enterprise registry into the quarterly impact report.",
        discussion: """
            Stages: fetch → normalize → compute → report. Each stage reads only what the stage
            before it wrote in <output>/<pipeline>/<period>/, so any stage can be rerun alone.

            Exit codes (sysexits):
              0   success (warnings allowed)
              64  usage error
              65  input data invalid; nothing published
              69  a required source unavailable after retries
              75  another run holds the lock of the output directory
              78  configuration invalid
              1   anything unexpected
            """,
        version: ToolVersionText.text,
        subcommands: [Run.self, Fetch.self, Normalize.self, Compute.self, Report.self, Validate.self, Status.self, Tick.self, Explain.self],
        defaultSubcommand: nil)
}
