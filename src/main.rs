fn main() -> std::process::ExitCode {
    catool::cli::main()
}
