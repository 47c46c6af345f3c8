fn main() -> std::process::ExitCode {
    nt3::main(std::env::args_os())
}
