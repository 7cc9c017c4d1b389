use std::process::ExitCode;

// Loading allocates a string per YAML scalar and frees them all at exit: mimalloc serves
// these small, short-lived allocations much faster than glibc's malloc (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    jmap::cli::main()
}
