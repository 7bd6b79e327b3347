//! `counterplay`: the game without arguments, the instructor's tools with them.

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    counterplay::cli::main()
}

/// `counterplay explore x | head` closes the pipe early; like other command-line tools, stop
/// quietly then instead of reporting a panic.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
