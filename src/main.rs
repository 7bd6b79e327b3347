//! `counterplay`: the game without arguments, the instructor's tools with them.

fn main() -> std::process::ExitCode {
    counterplay::cli::main()
}
