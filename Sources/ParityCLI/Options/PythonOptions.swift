import ArgumentParser

/// Options shared by commands that start the embedded interpreter.
struct PythonOptions: ParsableArguments {
    @Option(name: .customLong("python"), help: ArgumentHelp("The Python venv to embed (folder or its bin/python); default $PARITY_PYTHON, then the repository's .venv.", valueName: "path"))
    var python: String?

    @Flag(name: .long, help: "Print Python tracebacks on errors.")
    var verbose = false
}

/// Report destinations shared by checking commands.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the JSON report (schema parity.report/1, docs/report-schema.md).", valueName: "file.json"))
    var report: String?
    @Option(help: ArgumentHelp("Write a JUnit XML report.", valueName: "file.xml"))
    var junit: String?
    @Option(help: ArgumentHelp("Write a Markdown summary (fits a CI job summary).", valueName: "file.md"))
    var markdown: String?
}
