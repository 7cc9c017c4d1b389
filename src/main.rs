use std::process::ExitCode;

fn main() -> ExitCode {
    jmap::cli::main()
}
