#include "ProcessStart.h"

static int captured_count = 0;
static char **captured_arguments = 0;

// glibc calls the functions of .init_array with main's argc, argv and envp.
static void process_start_capture(int argc, char **argv, char **envp) {
  (void)envp;
  captured_count = argc;
  captured_arguments = argv;
}

__attribute__((section(".init_array"), used))
static void (*process_start_capture_entry)(int, char **, char **) = process_start_capture;

int process_start_argument_count(void) { return captured_arguments ? captured_count : 0; }

const char *process_start_argument(int index) {
  if (index < 0 || index >= captured_count || !captured_arguments) return 0;
  return captured_arguments[index];
}
